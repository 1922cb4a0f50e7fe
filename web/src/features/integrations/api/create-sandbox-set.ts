import { useRefreshingMutation } from '@/lib/api/mutations';
import { createIntegration, type CreateIntegrationInput } from './create-integration';
import { integrationsQueryKey } from './list-integrations';

/** Well-formed sample credentials: the sandbox accepts any, and signs callbacks with them. */
const SANDBOX_SET: CreateIntegrationInput[] = [
  {
    provider: 'sendgrid',
    sandbox: true,
    credentials: { apiKey: 'SG.sandbox-demo-key' },
    settings: { fromEmail: 'demo@example.com', fromName: 'Switchboard demo' },
  },
  {
    provider: 'twilio',
    sandbox: true,
    credentials: { accountSid: `AC${'5a'.repeat(16)}`, authToken: '5b'.repeat(16) },
    settings: { fromNumber: '+15005550006' },
  },
  {
    provider: 'telegram',
    sandbox: true,
    credentials: { botToken: '100000:sandbox-demo-bot-token' },
  },
  {
    provider: 'instagram',
    sandbox: true,
    credentials: { pageAccessToken: 'sandbox-demo-page-token', appSecret: '5c'.repeat(16) },
    settings: { igUserId: '17841400000000001' },
  },
];

/** One click on a fresh install: every provider, wired to the built-in sandbox. */
export const useCreateSandboxSet = (orgId: string) =>
  useRefreshingMutation(
    async () => {
      for (const input of SANDBOX_SET) await createIntegration(orgId, input);
    },
    integrationsQueryKey(orgId),
    // Some may have been added before one failed.
    { always: true },
  );
