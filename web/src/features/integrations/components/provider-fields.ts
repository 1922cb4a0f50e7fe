import type { Provider } from '../api/list-integrations';

export type FieldSpec = {
  group: 'credentials' | 'settings';
  name: string;
  label: string;
  /** Where to find the value in the provider's console. */
  help: string;
  required?: boolean;
  secret?: boolean;
  placeholder?: string;
};

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
    },
    {
      group: 'settings',
      name: 'messagingServiceSid',
      label: 'Messaging Service SID',
      help: 'Twilio Console → Messaging → Services. Starts with "MG".',
      placeholder: 'MG…',
    },
    {
      group: 'settings',
      name: 'whatsappFrom',
      label: 'WhatsApp sender',
      help: 'Optional: your WhatsApp-enabled number in E.164 form.',
      placeholder: '+14155550100',
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
