import { Alert, Box, Button, SimpleGrid, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlugConnectedX } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { DateTime } from '@/components/date-time';
import { notifyError } from '@/lib/notify';
import type { Integration, Provider } from '../api/list-integrations';
import { useRegisterWebhook } from '../api/register-webhook';

/** What the provider uses to sign its callbacks, in the words of its console. */
const SIGNING_SECRET: Record<Provider, string> = {
  sendgrid: 'the Event Webhook verification key',
  twilio: 'the Auth Token',
  telegram: 'the webhook secret (Switchboard registers it again when you re-enable the bot)',
  instagram: 'the App secret',
};

/** What the parts of an integration's card are given: the integration, and whether to manage it. */
export type IntegrationViewProps = { orgId: string; integration: Integration; canManage: boolean };

/**
 * Webhook health in plain words: when the provider last called, what was turned away, and when
 * callbacks are not arriving at all, with "Re-register webhook" where Switchboard registers it.
 */
export function IntegrationHealth({ orgId, integration, canManage }: IntegrationViewProps) {
  const { webhook } = integration;
  const rejected = webhook.rejected24h;
  return (
    <Stack gap="md">
      {webhook.callbacksMissing && integration.status !== 'disabled' && (
        <CallbacksMissing orgId={orgId} integration={integration} canManage={canManage} />
      )}
      <HealthGrid integration={integration} rejected={rejected} />
    </Stack>
  );
}

function CallbacksMissing({ orgId, integration, canManage }: IntegrationViewProps) {
  const register = useRegisterWebhook(orgId);
  const registrable = integration.webhook.registeredBySwitchboard;
  return (
    <Alert
      color="yellow"
      icon={<IconPlugConnectedX size={18} />}
      title="Callbacks are not arriving"
      role="status"
    >
      <Stack gap="xs" align="flex-start">
        <Text size="sm">
          Messages are waiting for a delivery report, or the provider has no webhook registered for
          this integration, so no delivery reports or incoming messages reach Switchboard.
          {registrable
            ? ' Registering the webhook again usually fixes it; the warning clears with the next callback.'
            : ' Check that the webhook URLs above are entered in the provider’s console.'}
        </Text>
        {registrable && canManage && (
          <Button
            size="xs"
            variant="light"
            loading={register.isPending}
            onClick={() =>
              register.mutate(integration.id, {
                onSuccess: (updated) =>
                  notifications.show(
                    updated.status === 'active'
                      ? { color: 'teal', title: 'Webhook registered', message: integration.name }
                      : {
                          color: 'yellow',
                          title: 'Webhook not registered',
                          message: updated.statusMessage ?? integration.name,
                        },
                  ),
                onError: notifyError('Could not register the webhook'),
              })
            }
          >
            Re-register webhook
          </Button>
        )}
      </Stack>
    </Alert>
  );
}

function HealthGrid({ integration, rejected }: { integration: Integration; rejected: number }) {
  const { webhook } = integration;
  return (
    <SimpleGrid
      cols={{ base: 1, sm: 3 }}
      component="dl"
      aria-label="Webhook health"
      m={0}
      spacing="lg"
    >
      <Health label="Last callback">
        {webhook.lastCallbackAt ? (
          <Text size="sm" component="div">
            Received <DateTime value={webhook.lastCallbackAt} relative />
            {webhook.lastVerifiedAt ? (
              webhook.lastVerifiedAt === webhook.lastCallbackAt ? (
                ' and verified.'
              ) : (
                <>
                  ; the last verified one arrived{' '}
                  <DateTime value={webhook.lastVerifiedAt} relative />.
                </>
              )
            ) : (
              '; none has passed verification yet.'
            )}
          </Text>
        ) : (
          <Text size="sm">
            No callbacks received yet. They appear here once the provider calls the webhook URLs
            above.
          </Text>
        )}
      </Health>
      <Health label="Rejected callbacks">
        {rejected === 0 ? (
          <Text size="sm">None in the last 24 hours.</Text>
        ) : (
          <Text size="sm" c="red" fw={500}>
            {rejected === 1 ? '1 callback was' : `${rejected} callbacks were`}{' '}
            {webhook.verification === 'enforced' ? 'rejected' : 'not verified (but accepted)'} in
            the last 24 hours because the signature did not match. Check that{' '}
            {SIGNING_SECRET[integration.provider]} in Switchboard is the one the provider uses.
          </Text>
        )}
      </Health>
      <Health label="Verification">
        <Text size="sm">
          {webhook.verification === 'enforced'
            ? 'Enforced: callbacks that fail verification are rejected.'
            : 'Log only: callbacks that fail verification are accepted and counted. Switch back to enforced after the rollout.'}
        </Text>
      </Health>
    </SimpleGrid>
  );
}

function Health({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text component="dt" size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Box component="dd" m={0}>
        {children}
      </Box>
    </Stack>
  );
}
