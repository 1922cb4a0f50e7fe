import { Badge } from '@mantine/core';
import { formatMs, formatRate } from '@/features/monitoring';
import type { AlertRuleKind, AlertSeverity, AlertStatus } from '../api/types';

export const SEVERITY: Record<AlertSeverity, { label: string; color: string }> = {
  critical: { label: 'Critical', color: 'red' },
  warning: { label: 'Warning', color: 'orange' },
  info: { label: 'Info', color: 'blue' },
};

export const STATUS: Record<AlertStatus, { label: string; color: string }> = {
  open: { label: 'Open', color: 'red' },
  acknowledged: { label: 'Acknowledged', color: 'yellow' },
  resolved: { label: 'Resolved', color: 'teal' },
};

export const KIND: Record<AlertRuleKind, { label: string; help: string }> = {
  failure_rate: {
    label: 'Failure rate',
    help: 'Failed ÷ attempted sends over the window, once it has enough attempts.',
  },
  latency_p95: {
    label: 'Latency p95',
    help: 'The 95th percentile of send (API call) or delivery latency, in milliseconds.',
  },
  callback_silence: {
    label: 'Callback silence',
    help: 'Messages were sent but no delivery report arrived for the whole window.',
  },
  signature_rejections: {
    label: 'Signature rejections',
    help: 'Callbacks that failed signature verification (forged or misconfigured).',
  },
  token_refresh_failures: {
    label: 'Token refresh failures',
    help: 'Failed OAuth token refreshes of an integration.',
  },
};

export function SeverityBadge({ severity }: { severity: AlertSeverity }) {
  const s = SEVERITY[severity];
  return (
    <Badge color={s.color} variant="filled" aria-label={`Severity: ${s.label}`}>
      {s.label}
    </Badge>
  );
}

export function StatusBadge({ status }: { status: AlertStatus }) {
  const s = STATUS[status];
  return (
    <Badge color={s.color} variant="light">
      {s.label}
    </Badge>
  );
}

/** A rule's value or threshold in its unit: "23 %", "850 ms", "12". */
export function formatAlertValue(kind: AlertRuleKind, value: number): string {
  if (kind === 'failure_rate') return formatRate(value);
  if (kind === 'latency_p95') return formatMs(value);
  return String(Math.round(value));
}

/** The breach condition in words: "above 20 % over 15 min". */
export function conditionText(rule: {
  kind: AlertRuleKind;
  threshold: number;
  windowMinutes: number;
  minEvents: number;
}): string {
  const window = `${rule.windowMinutes} min`;
  switch (rule.kind) {
    case 'failure_rate':
      return `above ${formatAlertValue(rule.kind, rule.threshold)} over ${window}, with at least ${rule.minEvents} attempts`;
    case 'latency_p95':
      return `above ${formatAlertValue(rule.kind, rule.threshold)} over ${window}, with at least ${rule.minEvents} samples`;
    case 'callback_silence':
      return `no delivery report for ${window} while sending`;
    default:
      return `at least ${Math.max(1, rule.threshold)} in ${window}`;
  }
}
