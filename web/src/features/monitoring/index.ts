import { lazy } from 'react';

export { OrgDashboard } from './components/org-dashboard';
export type { MetricChartProps } from './components/metric-chart';
export { formatMs, formatRate } from './components/format';

/**
 * Loaded on first render: the charts and date pickers it needs (~570 kB) stay out of the
 * Overview, which shares the rest of this feature's code.
 */
export const MonitoringDashboard = lazy(() =>
  import('./components/monitoring-dashboard').then((m) => ({ default: m.MonitoringDashboard })),
);

/** One metric over a fixed window (the alert drawer's chart); loaded like the dashboard. */
export const MetricChart = lazy(() =>
  import('./components/metric-chart').then((m) => ({ default: m.MetricChart })),
);
