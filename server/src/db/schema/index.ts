export * from './auth.js';
export * from './orgs.js';
export * from './platform.js';
export * from './templates.js';
export * from './integrations.js';
export * from './contacts.js';
export * from './messaging.js';
export * from './monitoring.js';
