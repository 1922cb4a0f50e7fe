import { lazy } from 'react';

/** Alerts: the list with its drawer, the rules, the Overview card and the navigation badge. */
export { AlertRulesList } from './components/alert-rules-list';
export { IntegrationAlertRules } from './components/integration-alert-rules';
export { OpenAlertsCard } from './components/open-alerts-card';
export { AlertsNavBadge } from './components/alerts-nav-badge';

/**
 * Loaded on first render: its range picker and the drawer's chart stay out of the Overview and
 * the navigation, which use this feature's card and badge.
 */
export const AlertsView = lazy(() =>
  import('./components/alerts-view').then((m) => ({ default: m.AlertsView })),
);
