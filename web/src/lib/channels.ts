import type { paths } from './api/schema.gen';

type Templates =
  paths['/api/v1/orgs/{orgId}/templates']['get']['responses'][200]['content']['application/json'];
type Contacts =
  paths['/api/v1/orgs/{orgId}/contacts']['get']['responses'][200]['content']['application/json'];

/** What a message goes out on (a template's, a campaign's and a message's channel). */
export type MessageChannel = Templates['items'][number]['channel'];
/** What a contact's identity is on; a phone number receives SMS. */
export type IdentityChannel = Contacts['items'][number]['identities'][number]['channel'];

export const CHANNEL_LABELS: Record<MessageChannel, string> = {
  email: 'Email',
  sms: 'SMS',
  whatsapp: 'WhatsApp',
  telegram: 'Telegram',
  instagram: 'Instagram',
};

export const IDENTITY_CHANNEL_LABELS: Record<IdentityChannel, string> = {
  email: 'Email',
  phone: 'Phone (SMS)',
  whatsapp: 'WhatsApp',
  telegram: 'Telegram',
  instagram: 'Instagram',
};

const asOptions = <C extends string>(labels: Record<C, string>) =>
  (Object.keys(labels) as C[]).map((value) => ({ value, label: labels[value] }));

/** Select options, in the order above. */
export const CHANNEL_OPTIONS = asOptions(CHANNEL_LABELS);
export const IDENTITY_CHANNEL_OPTIONS = asOptions(IDENTITY_CHANNEL_LABELS);

/** The label of a message channel, or the value itself for one this build does not know. */
export const channelLabel = (channel: string) =>
  CHANNEL_LABELS[channel as MessageChannel] ?? channel;
export const identityChannelLabel = (channel: string) =>
  IDENTITY_CHANNEL_LABELS[channel as IdentityChannel] ?? channel;
