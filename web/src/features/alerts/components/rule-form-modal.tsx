import { Group, Modal, NumberInput, Select, Switch, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { FormActions, FormFrame } from '@/components/form-frame';
import { integrationsQueryOptions } from '@/features/integrations';
import { notifyDone } from '@/lib/notify';
import { useForm } from '@/lib/use-form';
import { requiredText } from '@/lib/validators';
import { useCreateAlertRule, useUpdateAlertRule } from '../api/rules';
import type { AlertRule, AlertRuleKind, AlertSeverity } from '../api/types';
import { KIND, SEVERITY } from './labels';

type Values = {
  name: string;
  kind: AlertRuleKind;
  integrationId: string | null;
  latencyMetric: 'send' | 'delivery';
  threshold: number | string;
  windowMinutes: number | string;
  minEvents: number | string;
  severity: AlertSeverity;
  autoResolve: boolean;
  resolveAfterOkEvaluations: number | string;
  enabled: boolean;
};

/** What a new rule of each kind starts from (the server's defaults for the same kind). */
const STARTS: Record<AlertRuleKind, { threshold: number; minEvents: number }> = {
  failure_rate: { threshold: 20, minEvents: 20 },
  latency_p95: { threshold: 2000, minEvents: 20 },
  callback_silence: { threshold: 0, minEvents: 1 },
  signature_rejections: { threshold: 10, minEvents: 0 },
  token_refresh_failures: { threshold: 3, minEvents: 0 },
};

/** The threshold as people type it: a percentage for rates (the API's is a share 0–1). */
const toInput = (kind: AlertRuleKind, threshold: number) =>
  kind === 'failure_rate' ? Math.round(threshold * 1000) / 10 : threshold;
const fromInput = (kind: AlertRuleKind, value: number) =>
  kind === 'failure_rate' ? value / 100 : value;

const THRESHOLD: Record<AlertRuleKind, { label: string; suffix?: string; max: number } | null> = {
  failure_rate: { label: 'Failure rate above', suffix: ' %', max: 100 },
  latency_p95: { label: 'p95 latency above', suffix: ' ms', max: 600_000 },
  callback_silence: null,
  signature_rejections: { label: 'Rejected callbacks, at least', max: 1_000_000 },
  token_refresh_failures: { label: 'Failed refreshes, at least', max: 1_000_000 },
};

const number = (label: string, min: number, max: number) => (value: number | string) => {
  if (value === '' || typeof value !== 'number' || Number.isNaN(value))
    return `${label} is required`;
  if (value < min || value > max) return `${label} must be between ${min} and ${max}`;
  return null;
};

type Props = {
  orgId: string;
  /** The rule to edit; null: a new one. */
  rule: AlertRule | null;
  /** A new rule's integration (the rules under an integration). */
  integrationId?: string;
  opened: boolean;
  onClose: () => void;
};

export function RuleFormModal({ orgId, rule, integrationId, opened, onClose }: Props) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={rule ? `Edit ${rule.name}` : 'New alert rule'}
      size="lg"
    >
      {opened && (
        <RuleForm orgId={orgId} rule={rule} integrationId={integrationId} onDone={onClose} />
      )}
    </Modal>
  );
}

function RuleForm({
  orgId,
  rule,
  integrationId,
  onDone,
}: Omit<Props, 'opened' | 'onClose'> & { onDone: () => void }) {
  const create = useCreateAlertRule(orgId);
  const update = useUpdateAlertRule(orgId);
  const integrations = useQuery(integrationsQueryOptions(orgId));
  const form = useForm<Values>({
    initialValues: () =>
      rule
        ? {
            name: rule.name,
            kind: rule.kind,
            integrationId: rule.scope.integrationId,
            latencyMetric: rule.latencyMetric ?? 'send',
            threshold: toInput(rule.kind, rule.threshold),
            windowMinutes: rule.windowMinutes,
            minEvents: rule.minEvents,
            severity: rule.severity,
            autoResolve: rule.autoResolve,
            resolveAfterOkEvaluations: rule.resolveAfterOkEvaluations,
            enabled: rule.enabled,
          }
        : {
            name: '',
            kind: 'failure_rate',
            integrationId: integrationId ?? null,
            latencyMetric: 'send',
            threshold: STARTS.failure_rate.threshold,
            windowMinutes: 15,
            minEvents: STARTS.failure_rate.minEvents,
            severity: 'warning',
            autoResolve: true,
            resolveAfterOkEvaluations: 3,
            enabled: true,
          },
    validate: (v) => {
      const t = THRESHOLD[v.kind];
      const errors = {
        name: requiredText('Name', 120)(v.name),
        threshold: t
          ? number('Threshold', v.kind === 'failure_rate' ? 0 : 1, t.max)(v.threshold)
          : null,
        windowMinutes: number('Window', 1, 1440)(v.windowMinutes),
        minEvents: number('Minimum events', 0, 1_000_000)(v.minEvents),
        resolveAfterOkEvaluations: v.autoResolve
          ? number('Recoveries', 1, 1000)(v.resolveAfterOkEvaluations)
          : null,
      };
      return Object.fromEntries(Object.entries(errors).filter(([, m]) => m)) as Record<
        string,
        string
      >;
    },
    serverErrorKey: (segments, sent): string | undefined => {
      const [first] = segments;
      if (first === 'scope') return 'integrationId';
      return first && first in sent ? first : undefined;
    },
  });
  const { values } = form;
  const threshold = THRESHOLD[values.kind];

  const chooseKind = (kind: string | null) => {
    if (!kind) return;
    const k = kind as AlertRuleKind;
    form.setValues((previous) => ({
      ...previous,
      kind: k,
      threshold: STARTS[k].threshold,
      minEvents: STARTS[k].minEvents,
    }));
    form.clearErrors();
  };

  const submit = (v: Values) => {
    const body = {
      name: v.name.trim(),
      scope: { integrationId: v.integrationId },
      latencyMetric: v.kind === 'latency_p95' ? v.latencyMetric : null,
      threshold: threshold ? fromInput(v.kind, Number(v.threshold)) : 0,
      windowMinutes: Number(v.windowMinutes),
      minEvents: Number(v.minEvents),
      severity: v.severity,
      autoResolve: v.autoResolve,
      resolveAfterOkEvaluations: v.autoResolve ? Number(v.resolveAfterOkEvaluations) : 3,
      enabled: v.enabled,
    };
    const done = (saved: AlertRule) => {
      notifyDone(rule ? 'Alert rule saved' : 'Alert rule created', saved.name);
      onDone();
    };
    const onError = (error: unknown) => form.setServerError(error);
    if (rule) update.mutate({ ruleId: rule.id, patch: body }, { onSuccess: done, onError });
    else create.mutate({ ...body, kind: v.kind }, { onSuccess: done, onError });
  };

  return (
    <FormFrame
      form={form}
      onSubmit={submit}
      aria-label={rule ? 'Edit alert rule' : 'New alert rule'}
    >
      <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
      <Select
        label="What to watch"
        description={KIND[values.kind].help}
        data={Object.entries(KIND).map(([value, k]) => ({ value, label: k.label }))}
        value={values.kind}
        onChange={chooseKind}
        disabled={rule !== null}
        allowDeselect={false}
      />
      <Select
        label="Integration"
        description="Leave empty to watch every integration, each on its own."
        placeholder="Every integration"
        data={(integrations.data?.items ?? []).map((i) => ({ value: i.id, label: i.name }))}
        clearable
        searchable
        {...form.getInputProps('integrationId')}
      />
      {values.kind === 'latency_p95' && (
        <Select
          label="Latency"
          data={[
            { value: 'send', label: 'Send: how long the provider’s API took to answer' },
            { value: 'delivery', label: 'Delivery: from accepted to the delivery report' },
          ]}
          allowDeselect={false}
          {...form.getInputProps('latencyMetric')}
        />
      )}
      <Group grow align="start" wrap="wrap">
        {threshold && (
          <NumberInput
            label={threshold.label}
            suffix={threshold.suffix}
            min={0}
            max={threshold.max}
            decimalScale={values.kind === 'failure_rate' ? 1 : 0}
            required
            {...form.getInputProps('threshold')}
          />
        )}
        <NumberInput
          label={values.kind === 'callback_silence' ? 'Silent for' : 'Over the last'}
          suffix=" min"
          min={1}
          max={1440}
          allowDecimal={false}
          required
          {...form.getInputProps('windowMinutes')}
        />
        {(values.kind === 'failure_rate' || values.kind === 'latency_p95') && (
          <NumberInput
            label={
              values.kind === 'failure_rate'
                ? 'With at least (attempts)'
                : 'With at least (samples)'
            }
            min={0}
            allowDecimal={false}
            {...form.getInputProps('minEvents')}
          />
        )}
      </Group>
      <Select
        label="Severity"
        data={Object.entries(SEVERITY).map(([value, s]) => ({ value, label: s.label }))}
        allowDeselect={false}
        {...form.getInputProps('severity')}
      />
      <Switch
        label="Resolve on its own after recovering"
        description="Otherwise an alert waits for a person to resolve it."
        checked={values.autoResolve}
        onChange={(e) => form.setFieldValue('autoResolve', e.currentTarget.checked)}
      />
      {values.autoResolve && (
        <NumberInput
          label="Recovered evaluations before resolving"
          description="Evaluations run every minute."
          min={1}
          max={1000}
          allowDecimal={false}
          {...form.getInputProps('resolveAfterOkEvaluations')}
        />
      )}
      <Switch
        label="Enabled"
        checked={values.enabled}
        onChange={(e) => form.setFieldValue('enabled', e.currentTarget.checked)}
      />
      <FormActions
        submitLabel={rule ? 'Save rule' : 'Create rule'}
        pending={create.isPending || update.isPending}
        onCancel={onDone}
      />
    </FormFrame>
  );
}
