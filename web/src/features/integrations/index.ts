export { CreateIntegrationModal } from './components/create-integration-modal';
export { IntegrationsList } from './components/integrations-list';
