export { useCampaign } from './api/get-campaign';
export { CampaignDetail } from './components/campaign-detail';
export { CampaignForm } from './components/campaign-form';
export { CampaignsTable } from './components/campaigns-table';
