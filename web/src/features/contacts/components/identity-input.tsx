import { Group, Select, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { orgScopedKey } from '@/lib/api/query-keys';
import { errorMessage } from '@/lib/api/errors';
import { CHANNELS, normalizeIdentity, type Channel } from '../api/contacts';

export type IdentityDraft = { channel: Channel; value: string; region: string };

type IdentityInputProps = {
  orgId: string;
  draft: IdentityDraft;
  onChange: (draft: IdentityDraft) => void;
  /** A server error for this row after submit. */
  error?: string | null;
  index: number;
};

/**
 * One identity row: channel, value and (for phone numbers) a default region. The stored,
 * normalized form is asked from the server as you type, so what you see is what is saved.
 */
export function IdentityInput({ orgId, draft, onChange, error, index }: IdentityInputProps) {
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
  const preview = {
    normalized: shown ? normalized.data?.normalized : undefined,
    error: shown && normalized.isError ? errorMessage(normalized.error) : undefined,
  };

  return (
    <Group align="flex-start" wrap="nowrap" gap="xs">
      <Select
        aria-label={`Channel of identity ${index + 1}`}
        data={CHANNELS}
        value={draft.channel}
        allowDeselect={false}
        onChange={(v) => v && onChange({ ...draft, channel: v as Channel })}
        w={150}
      />
      <TextInput
        aria-label={`Value of identity ${index + 1}`}
        placeholder={
          phoneLike ? '+1 415 555 0100' : draft.channel === 'email' ? 'name@example.com' : '@handle'
        }
        value={draft.value}
        onChange={(e) => onChange({ ...draft, value: e.currentTarget.value })}
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
  );
}
