import type { TemplateVariable } from '../api/form-options';
import type { Campaign, CampaignAudience, CampaignInput, IdentityChannel } from '../api/types';

/** The campaign form's state: inputs as typed, converted to the API's body on save. */
export type CampaignFormValues = {
  name: string;
  integrationId: string | null;
  templateId: string | null;
  groupIds: string[];
  contactIds: string[];
  /** Audience filter: only contacts whose name contains this text (empty: no such filter). */
  filterQuery: string;
  /** Audience filter: only contacts with an identity on this channel (null: any). */
  filterChannel: IdentityChannel | null;
  /** Campaign-wide variable values as typed (JSON text for lists and objects). */
  variables: Record<string, string>;
  when: 'now' | 'later';
  /** `<input type="datetime-local">` value, in the browser's time zone. */
  scheduledLocal: string;
  rateLimitPerSecond: number | '';
};

/** Field error keys: the value names above, and `variables.<name>` per variable. */
export type CampaignFormErrors = Record<string, string | undefined>;

export const EMPTY_VALUES: CampaignFormValues = {
  name: '',
  integrationId: null,
  templateId: null,
  groupIds: [],
  contactIds: [],
  filterQuery: '',
  filterChannel: null,
  variables: {},
  when: 'now',
  scheduledLocal: '',
  rateLimitPerSecond: '',
};

export const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as a datetime-local value in the browser's time zone. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const variableText = (value: unknown): string =>
  typeof value === 'string' ? value : JSON.stringify(value);

export function valuesFromCampaign(campaign: Campaign): CampaignFormValues {
  return {
    name: campaign.name,
    integrationId: campaign.integrationId,
    templateId: campaign.templateId,
    groupIds: campaign.audience.groupIds,
    contactIds: campaign.audience.contactIds,
    filterQuery: campaign.audience.filter?.query ?? '',
    filterChannel: campaign.audience.filter?.channel ?? null,
    variables: Object.fromEntries(
      Object.entries(campaign.variables ?? {}).map(([k, v]) => [k, variableText(v)]),
    ),
    when: campaign.scheduledAt ? 'later' : 'now',
    scheduledLocal: campaign.scheduledAt ? toLocalInput(campaign.scheduledAt) : '',
    rateLimitPerSecond: campaign.rateLimitPerSecond ?? '',
  };
}

/** A typed value converted to its declared type; `undefined` when left empty. */
function parseVariable(variable: TemplateVariable, text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  switch (variable.type) {
    case 'number':
      return Number(trimmed);
    case 'boolean':
      return trimmed === 'true';
    case 'list':
    case 'object':
      return JSON.parse(trimmed) as unknown;
    default:
      return text;
  }
}

function variableError(variable: TemplateVariable, text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '') {
    return variable.required && variable.default === undefined
      ? 'Required by the template: every message would fail without it'
      : null;
  }
  if (variable.type === 'number' && !Number.isFinite(Number(trimmed))) return 'Must be a number';
  if (variable.type === 'list' || variable.type === 'object') {
    try {
      const parsed = JSON.parse(trimmed) as unknown;
      if (variable.type === 'list' && !Array.isArray(parsed)) return 'Must be a JSON list: [ … ]';
      if (variable.type === 'object' && (typeof parsed !== 'object' || Array.isArray(parsed)))
        return 'Must be a JSON object: { … }';
    } catch {
      return 'Must be valid JSON';
    }
  }
  return null;
}

/** The server's limit on the name filter (campaigns.schemas.ts). */
export const FILTER_QUERY_MAX = 200;

/** What is wrong with the audience filter as typed, shown while typing and on save. */
export function filterProblem(values: CampaignFormValues): string | null {
  const length = values.filterQuery.trim().length;
  return length > FILTER_QUERY_MAX
    ? `Keep the name filter to ${FILTER_QUERY_MAX} characters (it has ${length})`
    : null;
}

/** The audience as the API takes it: the filter only when it narrows anything. */
export function audienceOf(values: CampaignFormValues): CampaignAudience {
  const query = values.filterQuery.trim();
  const filter = {
    ...(query && { query }),
    ...(values.filterChannel && { channel: values.filterChannel }),
  };
  return {
    groupIds: values.groupIds,
    contactIds: values.contactIds,
    ...(Object.keys(filter).length > 0 && { filter }),
  };
}

export function validate(
  values: CampaignFormValues,
  variables: TemplateVariable[],
  now = Date.now(),
): CampaignFormErrors {
  const errors: CampaignFormErrors = {};
  if (!values.name.trim()) errors.name = 'Give the campaign a name';
  if (!values.integrationId) errors.integrationId = 'Choose the integration to send through';
  if (!values.templateId) errors.templateId = 'Choose the template to send';
  if (values.groupIds.length === 0 && values.contactIds.length === 0)
    errors.audience = 'Choose at least one group or contact';
  const filter = filterProblem(values);
  if (filter) errors.filter = filter;
  for (const variable of variables) {
    const message = variableError(variable, values.variables[variable.name] ?? '');
    if (message) errors[`variables.${variable.name}`] = message;
  }
  if (values.when === 'later') {
    const at = new Date(values.scheduledLocal).getTime();
    if (!values.scheduledLocal || Number.isNaN(at)) errors.scheduledAt = 'Choose a date and time';
    else if (at <= now) errors.scheduledAt = 'Choose a time in the future';
  }
  return errors;
}

export function toInput(values: CampaignFormValues, variables: TemplateVariable[]): CampaignInput {
  const variableValues: Record<string, unknown> = {};
  for (const variable of variables) {
    const value = parseVariable(variable, values.variables[variable.name] ?? '');
    if (value !== undefined) variableValues[variable.name] = value;
  }
  return {
    name: values.name.trim(),
    integrationId: values.integrationId ?? '',
    templateId: values.templateId ?? '',
    audience: audienceOf(values),
    variables: variableValues,
    scheduledAt: values.when === 'later' ? new Date(values.scheduledLocal).toISOString() : null,
    rateLimitPerSecond: values.rateLimitPerSecond === '' ? null : values.rateLimitPerSecond,
  };
}

const FIELDS = new Set([
  'name',
  'integrationId',
  'templateId',
  'audience',
  'filter',
  'scheduledAt',
  'rateLimitPerSecond',
]);

/**
 * The form error a server field error belongs to (`audience.groupIds.0` → `audience`,
 * `audience.filter.query` → `filter`, `variables.x` → `variables.x`); none for the rest, which
 * the form shows above its fields.
 */
export function serverErrorKey([first, second]: string[]): string | undefined {
  if (first === 'variables' && second) return `variables.${second}`;
  if (first === 'audience' && second === 'filter') return 'filter';
  return first && FIELDS.has(first) ? first : undefined;
}

/** Which error a change of this value clears. */
export const errorKeyOf = (key: keyof CampaignFormValues): string =>
  key === 'groupIds' || key === 'contactIds'
    ? 'audience'
    : key === 'filterQuery' || key === 'filterChannel'
      ? 'filter'
      : key === 'when' || key === 'scheduledLocal'
        ? 'scheduledAt'
        : key;
