export { CreateIntegrationModal } from './components/create-integration-modal';
export { IntegrationsList } from './components/integrations-list';
export { integrationsQueryOptions, type Integration } from './api/list-integrations';
