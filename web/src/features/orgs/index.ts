export type { Org } from './api/create-org';
export { CreateOrgForm } from './components/create-org-form';
export { OrgSwitcher } from './components/org-switcher';
