export { MonitoringDashboard } from './components/monitoring-dashboard';
export { OrgDashboard } from './components/org-dashboard';
