import {
  Badge,
  Button,
  Card,
  Group,
  SegmentedControl,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconGitMerge } from '@tabler/icons-react';
import { useState } from 'react';
import { EmptyList } from '@/components/empty-list';
import { PagedList } from '@/components/paged-list';
import { identityChannelLabel } from '@/lib/channels';
import { notifyDone, notifyError } from '@/lib/notify';
import { useConflicts, useResolveConflict, type IdentityConflict } from '../api/conflicts';
import { contactQueryOptions, useMerge } from '../api/contacts';
import { MergePreview, type MergeChoices } from './merge-preview';

type Props = { orgId: string; canEdit: boolean };

export function ConflictsInbox({ orgId, canEdit }: Props) {
  const [status, setStatus] = useState<'open' | 'resolved'>('open');
  const query = useConflicts(orgId, { status });
  return (
    <Stack>
      <SegmentedControl
        w={240}
        value={status}
        onChange={(v) => setStatus(v as 'open' | 'resolved')}
        data={[
          { value: 'open', label: 'Open' },
          { value: 'resolved', label: 'Resolved' },
        ]}
        aria-label="Conflict status"
      />
      <PagedList
        query={query}
        what="conflicts"
        skeleton={{ rows: 1, height: 120 }}
        empty={
          <EmptyList
            icon={IconGitMerge}
            title={status === 'open' ? 'Nothing to review' : 'No resolved conflicts yet'}
            description="Identities claimed twice and likely duplicates across channels show up here."
          />
        }
        items={(conflicts) =>
          conflicts.map((c) => (
            <ConflictCard
              key={c.id}
              orgId={orgId}
              conflict={c}
              canEdit={canEdit && status === 'open'}
            />
          ))
        }
      />
    </Stack>
  );
}

function ContactColumn({
  orgId,
  id,
  label,
}: {
  orgId: string;
  id: string | undefined;
  label: string;
}) {
  const contact = useQuery({ ...contactQueryOptions(orgId, id ?? ''), enabled: Boolean(id) });
  if (!id) {
    return (
      <Card withBorder>
        <Text size="sm" fw={600}>
          {label}
        </Text>
        <Text size="sm" c="dimmed">
          Not created (the request was refused).
        </Text>
      </Card>
    );
  }
  if (contact.isPending) return <Skeleton height={100} />;
  if (contact.isError)
    return (
      <Card withBorder>
        <Text size="sm" c="dimmed">
          {label}: no longer exists.
        </Text>
      </Card>
    );
  const c = contact.data;
  return (
    <Card withBorder>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600}>{c.name}</Text>
      {c.identities.map((i) => (
        <Text key={i.id} size="sm">
          {identityChannelLabel(i.channel)}:{' '}
          <Text span ff="monospace">
            {i.normalized}
          </Text>
        </Text>
      ))}
      {Object.entries(c.attributes).map(([k, v]) => (
        <Text key={k} size="xs" c="dimmed">
          {k}: {v}
        </Text>
      ))}
    </Card>
  );
}

function ConflictCard({
  orgId,
  conflict,
  canEdit,
}: {
  orgId: string;
  conflict: IdentityConflict;
  canEdit: boolean;
}) {
  const resolve = useResolveConflict(orgId);
  const targetId = conflict.contact?.id ?? '';
  const merge = useMerge(orgId, targetId);
  const pair = conflict.contact && conflict.otherContact;
  // mutateAsync, not mutate's callbacks: a resolved conflict leaves the list (and this card
  // unmounts) before those callbacks would run.
  const act = (action: 'merge' | 'keep_both' | 'dismiss') =>
    void resolve
      .mutateAsync({ conflictId: conflict.id, action })
      .then(
        () => notifyDone('Conflict resolved', action.replace('_', ' ')),
        notifyError('Could not resolve'),
      );
  const [choices, setChoices] = useState<MergeChoices>({ name: 'target', attributes: {} });
  const preview = merge.data && !merge.data.applied ? merge.data : null;
  return (
    <Card withBorder>
      <Group justify="space-between" mb="sm">
        <Group gap="xs">
          <Badge color={conflict.kind === 'identity_conflict' ? 'orange' : 'blue'}>
            {conflict.kind === 'identity_conflict' ? 'Identity conflict' : 'Possible duplicate'}
          </Badge>
          <Text size="sm">
            {identityChannelLabel(conflict.identity.channel)}{' '}
            <Text span ff="monospace">
              {conflict.identity.normalized}
            </Text>
          </Text>
          {conflict.attempts > 1 && (
            <Text size="xs" c="dimmed">
              {conflict.attempts} attempts
            </Text>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          via {conflict.source}
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <ContactColumn orgId={orgId} id={conflict.contact?.id} label="Holds the identity" />
        <ContactColumn orgId={orgId} id={conflict.otherContact?.id} label="Other" />
      </SimpleGrid>
      {preview && canEdit && (
        <MergePreview
          preview={preview}
          choices={choices}
          onChange={setChoices}
          applying={merge.isPending}
          onCancel={() => merge.reset()}
          onApply={() =>
            void merge
              .mutateAsync({ sourceContactId: preview.source.id, preview: false, ...choices })
              .then(
                (r) =>
                  notifyDone(
                    'Contacts merged',
                    `Kept as “${r.result.name}”; the merge can be undone on the contact page.`,
                  ),
                notifyError('Could not merge'),
              )
          }
        />
      )}
      {conflict.resolution && (
        <Text size="sm" mt="sm" c="dimmed">
          Resolved: {conflict.resolution.replace('_', ' ')} by {conflict.resolvedBy?.name}
        </Text>
      )}
      {canEdit && (
        <Group mt="sm">
          {pair && !preview && (
            <Button
              variant="light"
              loading={merge.isPending}
              onClick={() =>
                merge.mutate(
                  { sourceContactId: conflict.otherContact!.id, preview: true },
                  {
                    onSuccess: () => setChoices({ name: 'target', attributes: {} }),
                    onError: notifyError('Could not preview the merge'),
                  },
                )
              }
            >
              Preview merge
            </Button>
          )}
          {conflict.kind === 'possible_duplicate' && (
            <Button variant="default" onClick={() => act('keep_both')}>
              Keep both
            </Button>
          )}
          <Button variant="subtle" onClick={() => act('dismiss')}>
            Dismiss
          </Button>
        </Group>
      )}
    </Card>
  );
}
