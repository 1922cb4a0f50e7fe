export * from './client.js';
export * from './parse.js';
export * from './signature.js';
