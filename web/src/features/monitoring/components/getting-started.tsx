import { Anchor, Card, List, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCheck, IconCircleDashed } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { contactSearchQueryOptions } from '@/features/contacts';
import { integrationsQueryOptions } from '@/features/integrations';
import { templateOptionsQueryOptions } from '@/features/templates';
import { campaignsOverviewQueryOptions } from '../api/list-campaigns';

type Step = { done: boolean; label: string; to: string; hint: string };

/**
 * The first steps of a new organization, each checked from what the app already reads (the
 * integrations, a first page of contacts, templates and campaigns). Gone once all are done.
 */
export function GettingStarted({ orgId }: { orgId: string }) {
  const integrations = useQuery(integrationsQueryOptions(orgId));
  const contacts = useQuery(contactSearchQueryOptions(orgId, ''));
  const templates = useQuery(templateOptionsQueryOptions(orgId));
  const campaigns = useQuery(campaignsOverviewQueryOptions(orgId));
  // Until every answer is in (or if one failed) the checklist would guess: it waits.
  if (!integrations.data || !contacts.data || !templates.data || !campaigns.data) return null;

  const base = `/orgs/${orgId}`;
  const steps: Step[] = [
    {
      done: integrations.data.items.length > 0,
      label: 'Connect a provider or try the sandbox',
      to: `${base}/integrations`,
      hint: 'SendGrid, Twilio, Telegram or Instagram — or the built-in sandbox.',
    },
    {
      done: contacts.data.items.length > 0,
      label: 'Import contacts',
      to: `${base}/contacts/import`,
      hint: 'From a CSV file, or add them one by one.',
    },
    {
      done: templates.data.items.length > 0,
      label: 'Write a template',
      to: `${base}/templates`,
      hint: 'An email or a text, with variables.',
    },
    {
      done: campaigns.data.items.some((c) => c.status !== 'draft'),
      label: 'Send a campaign',
      to: `${base}/campaigns`,
      hint: 'To a group, and watch it on the monitoring page.',
    },
  ];
  if (steps.every((step) => step.done)) return null;
  const done = steps.filter((step) => step.done).length;

  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="getting-started">
      <Title order={2} size="h4" id="getting-started">
        Getting started
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {done} of {steps.length} done
      </Text>
      <List spacing="sm" center>
        {steps.map((step) => (
          <List.Item
            key={step.label}
            icon={
              <ThemeIcon
                color={step.done ? 'teal' : 'gray'}
                variant={step.done ? 'filled' : 'light'}
                size={22}
                radius="xl"
                aria-hidden
              >
                {step.done ? <IconCheck size={14} /> : <IconCircleDashed size={14} />}
              </ThemeIcon>
            }
          >
            <Anchor
              component={Link}
              to={step.to}
              fw={500}
              td={step.done ? 'line-through' : undefined}
            >
              {step.label}
            </Anchor>
            <Text component="span" size="sm" c="dimmed">
              {' '}
              {step.done ? '(done)' : `— ${step.hint}`}
            </Text>
          </List.Item>
        ))}
      </List>
    </Card>
  );
}
