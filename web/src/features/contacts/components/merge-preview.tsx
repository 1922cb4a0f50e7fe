import { Button, Card, Group, Radio, Stack, Table, Text } from '@mantine/core';
import { type useMerge } from '../api/contacts';
import { identityChannelLabel } from '@/lib/channels';

type MergeResult = NonNullable<ReturnType<typeof useMerge>['data']>;
export type Side = 'target' | 'source';
export type MergeChoices = { name: Side; attributes: Record<string, Side> };

type Props = {
  preview: MergeResult;
  choices: MergeChoices;
  onChange: (choices: MergeChoices) => void;
  onApply: () => void;
  onCancel: () => void;
  applying: boolean;
};

/**
 * What the merged contact will look like, with a choice for every field the two contacts both
 * have but disagree on. The result shown follows the choices; applying sends them.
 */
export function MergePreview({ preview, choices, onChange, onApply, onCancel, applying }: Props) {
  const { target, source } = preview;
  const name = choices.name === 'source' ? source.name : target.name;
  const contested = preview.attributeChoices.filter(
    (a) => a.target !== null && a.source !== null && a.target !== a.source,
  );
  const attributes = Object.fromEntries(
    preview.attributeChoices.map((a) => {
      const side = choices.attributes[a.key] ?? a.chosen;
      return [a.key, (side === 'source' ? a.source : a.target) ?? a.target ?? a.source ?? ''];
    }),
  );
  const moves = Object.entries(preview.moves).filter(([, n]) => n > 0);

  const choiceRow = (
    label: string,
    value: Side,
    values: [string, string],
    set: (side: Side) => void,
  ) => (
    <Table.Tr key={label}>
      <Table.Td w={160}>
        <Text size="sm" fw={500}>
          {label}
        </Text>
      </Table.Td>
      <Table.Td>
        <Radio.Group
          value={value}
          onChange={(v) => set(v as Side)}
          aria-label={`Keep which ${label}`}
        >
          <Group gap="lg">
            <Radio value="target" label={values[0]} />
            <Radio value="source" label={values[1]} />
          </Group>
        </Radio.Group>
      </Table.Td>
    </Table.Tr>
  );

  return (
    <Card withBorder mt="sm" bg="var(--mantine-color-default-hover)">
      <Stack gap="xs">
        <Text size="sm" fw={600}>
          After the merge: {name}
        </Text>
        <Text size="sm">
          “{source.name}” is merged into “{target.name}”. Choose what to keep where they differ:
        </Text>
        <Table>
          <Table.Tbody>
            {target.name !== source.name &&
              choiceRow('name', choices.name, [target.name, source.name], (side) =>
                onChange({ ...choices, name: side }),
              )}
            {contested.map((a) =>
              choiceRow(
                a.key,
                choices.attributes[a.key] ?? a.chosen,
                [a.target ?? '', a.source ?? ''],
                (side) =>
                  onChange({ ...choices, attributes: { ...choices.attributes, [a.key]: side } }),
              ),
            )}
          </Table.Tbody>
        </Table>
        {target.name === source.name && contested.length === 0 && (
          <Text size="xs" c="dimmed">
            No fields differ: nothing to choose.
          </Text>
        )}
        <Text size="sm">
          Identities:{' '}
          {preview.result.identities
            .map((i) => `${identityChannelLabel(i.channel)} ${i.normalized}`)
            .join(', ') || 'none'}
        </Text>
        {Object.keys(attributes).length > 0 && (
          <Text size="sm">
            Attributes:{' '}
            {Object.entries(attributes)
              .map(([k, v]) => `${k}: ${v}`)
              .join(', ')}
          </Text>
        )}
        <Text size="sm">
          {preview.result.groupIds.length} group(s)
          {moves.length > 0 && `; moves ${moves.map(([k, n]) => `${n} ${k}`).join(', ')}`}
        </Text>
        <Group>
          <Button onClick={onApply} loading={applying}>
            Apply merge
          </Button>
          <Button variant="default" onClick={onCancel} disabled={applying}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
