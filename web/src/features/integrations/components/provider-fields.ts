import type { FormErrors } from '@/lib/use-form';
import type { Integration, Provider } from '../api/list-integrations';

export type FieldSpec = {
  group: 'credentials' | 'settings';
  name: string;
  label: string;
  /** Where to find the value in the provider's console. */
  help: string;
  required?: boolean;
  secret?: boolean;
  placeholder?: string;
  /** The server's format check, repeated here so a typo is caught before the request. */
  format?: { pattern: RegExp; message: string };
};

const E164 = {
  pattern: /^\+[1-9]\d{6,14}$/,
  message: 'must be a phone number in E.164 form, e.g. +14155550100',
};

/** The error for a filled-in field whose value does not match its format, or null. */
export function formatError(field: FieldSpec, value: string | undefined): string | null {
  const v = value?.trim();
  if (!v || !field.format || field.format.pattern.test(v)) return null;
  return `${field.label} ${field.format.message}`;
}

export const PROVIDERS: { value: Provider; label: string; channels: string }[] = [
  { value: 'sendgrid', label: 'SendGrid', channels: 'Email' },
  { value: 'twilio', label: 'Twilio', channels: 'SMS and WhatsApp' },
  { value: 'telegram', label: 'Telegram', channels: 'Telegram bot' },
  { value: 'instagram', label: 'Instagram', channels: 'Instagram direct messages' },
];

export const PROVIDER_LABEL: Record<Provider, string> = {
  sendgrid: 'SendGrid',
  twilio: 'Twilio',
  telegram: 'Telegram',
  instagram: 'Instagram',
};

export const PROVIDER_FIELDS: Record<Provider, FieldSpec[]> = {
  sendgrid: [
    {
      group: 'credentials',
      name: 'apiKey',
      label: 'API key',
      help: 'SendGrid → Settings → API Keys → Create API Key, with Mail Send permission. Starts with "SG.".',
      required: true,
      secret: true,
      placeholder: 'SG.…',
      format: { pattern: /^SG\./, message: 'must be a SendGrid API key (starts with "SG.")' },
    },
    {
      group: 'credentials',
      name: 'webhookPublicKey',
      label: 'Event Webhook verification key',
      help: 'SendGrid → Settings → Mail Settings → Event Webhook → Signed Event Webhook: enable signing and copy the verification key. Not needed in the sandbox.',
      secret: true,
    },
    {
      group: 'settings',
      name: 'fromEmail',
      label: 'From email',
      help: 'A sender verified in SendGrid (Settings → Sender Authentication).',
      required: true,
      placeholder: 'news@example.com',
    },
    { group: 'settings', name: 'fromName', label: 'From name', help: 'Shown to recipients.' },
  ],
  twilio: [
    {
      group: 'credentials',
      name: 'accountSid',
      label: 'Account SID',
      help: 'Twilio Console → Account Info. Starts with "AC".',
      required: true,
      placeholder: 'AC…',
      format: { pattern: /^AC[0-9a-fA-F]{32}$/, message: 'must be AC followed by 32 hex digits' },
    },
    {
      group: 'credentials',
      name: 'authToken',
      label: 'Auth Token',
      help: 'Twilio Console → Account Info → Auth Token (click to reveal).',
      required: true,
      secret: true,
    },
    {
      group: 'settings',
      name: 'fromNumber',
      label: 'Sender number',
      help: 'A number you own in Twilio, in E.164 form (+14155550100). Give this or a Messaging Service SID.',
      placeholder: '+14155550100',
      format: E164,
    },
    {
      group: 'settings',
      name: 'messagingServiceSid',
      label: 'Messaging Service SID',
      help: 'Twilio Console → Messaging → Services. Starts with "MG".',
      placeholder: 'MG…',
      format: { pattern: /^MG[0-9a-fA-F]{32}$/, message: 'must be MG followed by 32 hex digits' },
    },
    {
      group: 'settings',
      name: 'whatsappFrom',
      label: 'WhatsApp sender',
      help: 'Optional: your WhatsApp-enabled number in E.164 form.',
      placeholder: '+14155550100',
      format: E164,
    },
  ],
  telegram: [
    {
      group: 'credentials',
      name: 'botToken',
      label: 'Bot token',
      help: 'Talk to @BotFather in Telegram: /newbot (or /token for an existing bot). Switchboard registers its webhook with the bot itself.',
      required: true,
      secret: true,
      placeholder: '123456:ABC-DEF…',
    },
  ],
  instagram: [
    {
      group: 'credentials',
      name: 'pageAccessToken',
      label: 'Page access token',
      help: 'Meta app → Instagram → API setup: generate a long-lived token for the Facebook Page linked to your Instagram account.',
      required: true,
      secret: true,
    },
    {
      group: 'credentials',
      name: 'appSecret',
      label: 'App secret',
      help: 'Meta app dashboard → App settings → Basic → App secret. Used to verify webhook signatures.',
      required: true,
      secret: true,
    },
    {
      group: 'settings',
      name: 'igUserId',
      label: 'Instagram account id',
      help: 'The numeric id of the Instagram professional account (Meta app → Instagram → API setup).',
      required: true,
      placeholder: '17841400000000000',
      format: { pattern: /^\d+$/, message: 'must be the numeric account id' },
    },
  ],
};

export const WEBHOOK_HELP: Record<Provider, string> = {
  sendgrid: 'Paste into SendGrid → Settings → Mail Settings → Event Webhook → Post URL.',
  twilio:
    'Status: set as the status callback (Switchboard sends it with each message). Inbound: paste into the phone number’s “A message comes in” webhook.',
  telegram: 'Registered with Telegram automatically.',
  instagram:
    'Paste the callback URL and the verify token into the Meta app → Webhooks → Instagram, and subscribe to “messages”.',
};

/** The console name of a credential field, for its masked hint ("Auth Token …a1b2"). */
export function credentialLabel(provider: Provider, name: string): string {
  return (
    PROVIDER_FIELDS[provider].find((f) => f.group === 'credentials' && f.name === name)?.label ??
    name
  );
}

/** Rules across fields (the server checks them too): Twilio sends from a number or a service. */
export function settingsError(
  provider: Provider,
  settings: Record<string, string | undefined>,
): Record<string, string> {
  if (provider !== 'twilio') return {};
  const number = !!settings.fromNumber?.trim();
  const service = !!settings.messagingServiceSid?.trim();
  if (number !== service) return {};
  return {
    'settings.fromNumber': 'Give either a sender number or a Messaging Service SID, not both',
  };
}

/** A field's key in the forms and in the server's error paths: `credentials.apiKey`. */
export const fieldKey = (field: FieldSpec) => `${field.group}.${field.name}`;

/**
 * What is wrong with the values of a provider's fields, by field key: a required one left empty
 * (in the groups that must be filled in), a malformed one, and the rules across fields.
 */
export function providerFieldErrors(
  provider: Provider,
  values: Record<string, string | undefined>,
  requiredGroups: FieldSpec['group'][],
): FormErrors {
  const fields = PROVIDER_FIELDS[provider];
  const errors: FormErrors = {};
  for (const f of fields) {
    const value = values[fieldKey(f)];
    const required = f.required && requiredGroups.includes(f.group);
    const error = required && !value?.trim() ? `${f.label} is required` : formatError(f, value);
    if (error) errors[fieldKey(f)] = error;
  }
  const settings = Object.fromEntries(
    fields.filter((f) => f.group === 'settings').map((f) => [f.name, values[fieldKey(f)]]),
  );
  return { ...settingsError(provider, settings), ...errors };
}

/** The filled-in values of a group's fields, trimmed, by field name (what the server takes). */
export function filledValues(
  provider: Provider,
  group: FieldSpec['group'],
  values: Record<string, string | undefined>,
): Record<string, string> {
  return Object.fromEntries(
    PROVIDER_FIELDS[provider]
      .filter((f) => f.group === group && values[fieldKey(f)]?.trim())
      .map((f) => [f.name, values[fieldKey(f)]!.trim()]),
  );
}

/** The form key of a server error path, when the form shows that field (`also`: its others). */
export function serverFieldKey(provider: Provider, segments: string[], also: string[] = []) {
  const key = segments.join('.');
  return also.includes(key) || PROVIDER_FIELDS[provider].some((f) => fieldKey(f) === key)
    ? key
    : undefined;
}

/** The notification of a saved integration: done, or saved but in need of attention. */
export function savedNotice(
  integration: Integration,
  needsAttention: boolean,
  done: { title: string; message: string },
  attentionTitle = 'Saved, but it needs attention',
) {
  return needsAttention
    ? { color: 'yellow', title: attentionTitle, message: integration.statusMessage ?? '' }
    : { color: 'teal', ...done };
}
