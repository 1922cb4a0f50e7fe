export { useOrgSettings, type OrgSettings } from './api/get-settings';
export { LogoSettings } from './components/logo-settings';
export { OrgSettingsForm } from './components/org-settings-form';
