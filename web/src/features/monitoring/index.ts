import { lazy } from 'react';

export { OrgDashboard } from './components/org-dashboard';

/**
 * Loaded on first render: the charts and date pickers it needs (~570 kB) stay out of the
 * Overview, which shares the rest of this feature's code.
 */
export const MonitoringDashboard = lazy(() =>
  import('./components/monitoring-dashboard').then((m) => ({ default: m.MonitoringDashboard })),
);
