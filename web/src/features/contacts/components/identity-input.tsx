import { Alert, Anchor, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '@/lib/api/client';
import { orgScopedKey } from '@/lib/api/query-keys';
import { errorMessage } from '@/lib/api/errors';
import { normalizeIdentity, type Channel } from '../api/contacts';
import { IDENTITY_CHANNEL_OPTIONS } from '@/lib/channels';

export type IdentityDraft = { channel: Channel; value: string; region: string };

type IdentityInputProps = {
  orgId: string;
  draft: IdentityDraft;
  onChange: (draft: IdentityDraft) => void;
  /** A server error for this row after submit. */
  error?: string | null;
  index: number;
  /** The contact this identity is for, when it exists (its own identities are not a clash). */
  contactId?: string;
};

/**
 * The channel a typed value is plainly for, between the two a new row starts from: an address
 * with an `@` inside is an email, digits with phone punctuation are a phone number. Anything
 * else (a `@handle`, a chat id) keeps the chosen channel.
 */
export function inferChannel(value: string): 'email' | 'phone' | null {
  const v = value.trim();
  if (/^[^\s@]+@[^\s@]+$/.test(v)) return 'email';
  if (/^\+?[\d\s().-]+$/.test(v) && (v.match(/\d/g)?.length ?? 0) >= 3) return 'phone';
  return null;
}

/**
 * One identity row: channel, value and (for phone numbers) a default region. The stored,
 * normalized form is asked from the server as you type, so what you see is what is saved.
 */
export function IdentityInput(props: IdentityInputProps) {
  const { orgId, draft, onChange, error, index, contactId } = props;
  // Until a channel is picked by hand, typing picks email or phone from what is typed.
  const [picked, setPicked] = useState(false);
  const phoneLike = draft.channel === 'phone' || draft.channel === 'whatsapp';
  const [debounced] = useDebouncedValue(
    { channel: draft.channel, value: draft.value.trim(), region: phoneLike ? draft.region : '' },
    300,
  );
  const normalized = useQuery({
    queryKey: orgScopedKey(orgId, 'normalize', debounced),
    queryFn: () =>
      normalizeIdentity(orgId, {
        channel: debounced.channel,
        value: debounced.value,
        ...(debounced.region ? { region: debounced.region } : {}),
      }),
    enabled: debounced.value !== '',
    retry: false,
    staleTime: Infinity,
  });
  const shown = draft.value.trim() !== '';
  const normalizedValue = normalized.data?.normalized;
  // Who already holds this exact identity: said before saving, with the ways forward.
  const holder = useQuery({
    queryKey: orgScopedKey(orgId, 'identity-holder', debounced.channel, normalizedValue),
    queryFn: async () => {
      const page = await unwrap(
        api.GET('/api/v1/orgs/{orgId}/contacts', {
          params: { path: { orgId }, query: { query: normalizedValue!, limit: 20 } },
        }),
      );
      return (
        page.items.find((c) =>
          c.identities.some(
            (i) => i.channel === debounced.channel && i.normalized === normalizedValue,
          ),
        ) ?? null
      );
    },
    enabled: Boolean(normalizedValue),
    retry: false,
  });
  const heldBy =
    shown && holder.data && holder.data.id !== contactId && normalized.data ? holder.data : null;
  const preview = {
    normalized: shown ? normalized.data?.normalized : undefined,
    error: shown && normalized.isError ? errorMessage(normalized.error) : undefined,
  };

  return (
    <Stack gap={4}>
      <Group align="flex-start" wrap="nowrap" gap="xs">
        <Select
          aria-label={`Channel of identity ${index + 1}`}
          data={IDENTITY_CHANNEL_OPTIONS}
          value={draft.channel}
          allowDeselect={false}
          onChange={(v) => {
            if (!v) return;
            setPicked(true);
            onChange({ ...draft, channel: v as Channel });
          }}
          w={150}
        />
        <TextInput
          aria-label={`Value of identity ${index + 1}`}
          placeholder={
            phoneLike
              ? '+1 415 555 0100'
              : draft.channel === 'email'
                ? 'name@example.com'
                : '@handle'
          }
          value={draft.value}
          onChange={(e) => {
            const value = e.currentTarget.value;
            const inferred = picked ? null : inferChannel(value);
            const autoChannel = draft.channel === 'email' || draft.channel === 'phone';
            onChange({
              ...draft,
              value,
              ...(inferred && autoChannel && { channel: inferred }),
            });
          }}
          error={error ?? preview.error}
          description={
            preview.normalized ? (
              <Text span size="xs" c="teal">
                Saved as {preview.normalized}
              </Text>
            ) : undefined
          }
          style={{ flex: 1 }}
        />
        {phoneLike && (
          <TextInput
            aria-label={`Region of identity ${index + 1}`}
            placeholder="US"
            maxLength={2}
            value={draft.region}
            onChange={(e) => onChange({ ...draft, region: e.currentTarget.value.toUpperCase() })}
            w={64}
          />
        )}
      </Group>
      {heldBy && (
        <Alert color="orange" role="alert" p="xs" title={`Already belongs to ${heldBy.name}`}>
          <Text size="sm">
            <Anchor component={Link} to={`/orgs/${orgId}/contacts/${heldBy.id}`}>
              Open {heldBy.name}
            </Anchor>{' '}
            if this is the same person
            {contactId
              ? '. Adding it here is refused and opens a conflict you can resolve by merging the two contacts in the conflicts inbox.'
              : ', and add the other details to ' +
                heldBy.name +
                ' there instead of creating a new contact. Or remove this identity to create the contact without it.'}
          </Text>
        </Alert>
      )}
    </Stack>
  );
}
