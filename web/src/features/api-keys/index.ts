export { ApiKeysTable } from './components/api-keys-table';
export { CreateApiKeyModal } from './components/create-api-key-modal';
