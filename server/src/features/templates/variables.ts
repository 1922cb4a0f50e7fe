import { Drop } from 'liquidjs';
import validator from 'validator';

export const CHANNELS = ['email', 'sms', 'whatsapp', 'telegram', 'instagram'] as const;
export type Channel = (typeof CHANNELS)[number];

export const VARIABLE_TYPES = [
  'string',
  'number',
  'boolean',
  'date',
  'url',
  'list',
  'object',
] as const;
export type VariableType = (typeof VARIABLE_TYPES)[number];

export interface DeclaredVariable {
  name: string;
  type: VariableType;
  required: boolean;
  default?: unknown;
  description?: string | undefined;
}

/** Root names the platform provides; templates may not declare, assign or capture them. */
export const BUILTIN_ROOTS = ['contact', 'org', 'unsubscribe_url'] as const;
/** The fields of each built-in namespace (`attributes` is free-form below its root). */
export const BUILTIN_FIELDS: Record<string, readonly string[]> = {
  contact: ['name', 'attributes', 'identities'],
  org: ['name', 'logo_url'],
};

export const builtinAvailable = (root: string, channel: Channel) =>
  root === 'unsubscribe_url' ? channel === 'email' : root === 'contact' || root === 'org';

export const VARIABLE_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

const DATE_RE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Why `value` is not a valid `type`, or undefined when it is. */
export function typeMismatch(type: VariableType, value: unknown): string | undefined {
  switch (type) {
    case 'string':
      return typeof value === 'string' ? undefined : 'must be a string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'date':
      return typeof value === 'string' && DATE_RE.test(value) && !Number.isNaN(Date.parse(value))
        ? undefined
        : 'must be an ISO 8601 date such as 2026-03-01 or 2026-03-01T09:30:00Z';
    case 'url':
      return typeof value === 'string' &&
        validator.isURL(value, { protocols: ['http', 'https'], require_protocol: true })
        ? undefined
        : 'must be an http(s) URL';
    case 'list':
      return Array.isArray(value) ? undefined : 'must be a list';
    case 'object':
      return isPlainObject(value) ? undefined : 'must be an object';
  }
}

/**
 * Stand-in for objects whose fields are not declared (list items, `object` variables,
 * `contact.attributes`): any field reads as a sample string, so previews and length checks see text.
 */
export class SampleDrop extends Drop {
  constructor(private readonly label: string) {
    super();
  }
  override liquidMethodMissing(key: string | number): string {
    return `${this.label} ${String(key)}`.replace(/_/g, ' ');
  }
  override valueOf(): string {
    return this.label;
  }
}

/**
 * Sample values for the length checks: "maximum-ish", i.e. longer than most real values, so a
 * template that fits with them fits in practice. A declared default is used as it is.
 */
export function sampleValue(variable: DeclaredVariable): unknown {
  if (variable.default !== undefined) return variable.default;
  const words = variable.name.replace(/_/g, ' ');
  switch (variable.type) {
    case 'string':
      return `Sample ${words}`.padEnd(30, '.');
    case 'number':
      return 1234567.89;
    case 'boolean':
      return true;
    case 'date':
      return '2026-12-31T23:59:59Z';
    case 'url':
      return `https://example.com/${variable.name}/abcdefghijklmnopqrstuvwxyz0123456789`;
    case 'list':
      return [1, 2, 3].map((n) => new SampleDrop(`${words} ${n}`));
    case 'object':
      return new SampleDrop(words);
  }
}

export interface ContactForTemplate {
  name: string;
  attributes: Record<string, unknown>;
  identities: { channel: string; value: string; normalized: string }[];
}

export const SAMPLE_CONTACT = {
  name: 'Alexandra Montgomery-Smith',
  attributes: new SampleDrop('attribute'),
  identities: [
    {
      channel: 'email',
      value: 'alexandra.montgomery-smith@example.com',
      normalized: 'alexandra.montgomery-smith@example.com',
    },
  ],
};
export const SAMPLE_UNSUBSCRIBE_URL =
  'https://switchboard.example.com/u/0123456789abcdefghijklmnopqrstuvwxyz';
