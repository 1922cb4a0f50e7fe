/** What other features use from integrations. */
export type { IntegrationsService } from './service.js';
export type { ResolvedIntegration } from './gateway.js';
export { webhookUrls } from './provider-specs.js';
