import {
  Alert,
  Anchor,
  Button,
  FileInput,
  Group,
  Progress,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { FormError } from '@/components/form-error';
import { QueryState } from '@/components/query-state';
import { errorMessage } from '@/lib/api/errors';
import { useForm } from '@/lib/use-form';
import { useGroups } from '../api/groups';
import { errorReportUrl, useImport, useStartImport, type ContactImport } from '../api/imports';
import { IDENTITY_CHANNEL_OPTIONS } from '@/lib/channels';

const TARGETS = [
  { value: '', label: 'Skip' },
  { value: 'name', label: 'Name' },
  ...IDENTITY_CHANNEL_OPTIONS,
];

/** Reads the header row in the browser so columns can be mapped before uploading. */
async function readHeader(file: File): Promise<string[]> {
  const text = await file.slice(0, 64 * 1024).text();
  const line = text.replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '';
  return line.split(',').map((h) => h.trim().replace(/^"|"$/g, ''));
}

function guess(column: string): string {
  const c = column.toLowerCase();
  if (/name/.test(c)) return 'name';
  if (/mail/.test(c)) return 'email';
  if (/whatsapp/.test(c)) return 'whatsapp';
  if (/telegram/.test(c)) return 'telegram';
  if (/instagram/.test(c)) return 'instagram';
  if (/phone|mobile|sms|tel/.test(c)) return 'phone';
  return `attributes.${column.replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, 64)}`;
}

export function ImportWizard({ orgId }: { orgId: string }) {
  const form = useForm({
    initialValues: {
      file: null as File | null,
      /** The target of each column of the header: a field, an identity, an attribute, or ''. */
      mapping: {} as Record<string, string>,
      region: '',
      groupId: null as string | null,
    },
  });
  const { file, mapping } = form.values;
  const setMapping = (next: Record<string, string>) => form.setFieldValue('mapping', next);
  const [importId, setImportId] = useState<string | null>(null);
  const groups = useGroups(orgId);
  const start = useStartImport(orgId);
  const progress = useImport(orgId, importId);

  const choose = async (f: File | null) => {
    form.setFieldValue('file', f);
    setImportId(null);
    form.setFormError(null);
    if (!f) return setMapping({});
    try {
      const header = await readHeader(f);
      setMapping(Object.fromEntries(header.filter(Boolean).map((h) => [h, guess(h)])));
    } catch {
      setMapping({});
      form.setFormError('Could not read this file. Choose a CSV file with a header row.');
    }
  };

  const submit = () => {
    const { region, groupId } = form.values;
    if (!file) return;
    const chosen = Object.fromEntries(Object.entries(mapping).filter(([, t]) => t));
    start.mutate(
      { file, mapping: chosen, ...(region && { region }), ...(groupId && { groupId }) },
      {
        onSuccess: (r) => setImportId(r.id),
        onError: (e) => form.setFormError(errorMessage(e)),
      },
    );
  };

  return (
    <Stack maw={800}>
      <FormError message={form.formError} />
      <FileInput
        label="CSV file"
        description="UTF-8 CSV with a header row; up to 10 MB and 100,000 rows"
        accept=".csv,text/csv"
        leftSection={<IconUpload size={16} />}
        value={file}
        onChange={(f) => void choose(f)}
        clearable
      />
      {file && Object.keys(mapping).length > 0 && !importId && (
        <>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Column</Table.Th>
                <Table.Th>Imported as</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {Object.entries(mapping).map(([column, target]) => (
                <Table.Tr key={column}>
                  <Table.Td>{column}</Table.Td>
                  <Table.Td>
                    <Select
                      aria-label={`Field for column ${column}`}
                      data={[
                        ...TARGETS,
                        ...(target.startsWith('attributes.')
                          ? [{ value: target, label: `Attribute “${target.slice(11)}”` }]
                          : []),
                      ]}
                      value={target}
                      allowDeselect={false}
                      onChange={(v) => setMapping({ ...mapping, [column]: v ?? '' })}
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Group align="flex-end">
            <TextInput
              label="Default region"
              description="For numbers without +country code"
              placeholder="US"
              maxLength={2}
              {...form.getInputProps('region')}
              onChange={(e) => form.setFieldValue('region', e.currentTarget.value.toUpperCase())}
              w={180}
            />
            <Select
              label="Add to group"
              placeholder="None"
              clearable
              data={(groups.data?.items ?? []).map((g) => ({ value: g.id, label: g.name }))}
              {...form.getInputProps('groupId')}
              w={220}
            />
            <Button onClick={submit} loading={start.isPending}>
              Start import
            </Button>
          </Group>
        </>
      )}
      {importId && (
        <QueryState
          query={progress}
          what="import progress"
          skeleton={{ rows: 1, height: 60 }}
          errorTitle="Could not load the import progress"
        >
          {(p) => <ImportProgress orgId={orgId} progress={p} />}
        </QueryState>
      )}
    </Stack>
  );
}

function ImportProgress({ orgId, progress: p }: { orgId: string; progress: ContactImport }) {
  return (
    <Stack gap="xs" aria-live="polite">
      <Text size="sm">
        {p.status === 'completed' ? 'Done' : p.status === 'failed' ? 'Stopped' : 'Importing'}:{' '}
        {p.processedRows} of {p.totalRows} rows
      </Text>
      <Progress
        value={p.totalRows ? (100 * p.processedRows) / p.totalRows : 0}
        animated={p.status === 'running' || p.status === 'queued'}
        aria-label="Import progress"
      />
      <Text size="sm">
        {p.created} created · {p.updated} updated · {p.conflicts} conflicts · {p.invalid} invalid
      </Text>
      {p.error && <Alert color="red">{p.error}</Alert>}
      {(p.conflicts > 0 || p.invalid > 0) && p.status !== 'queued' && (
        <Anchor href={errorReportUrl(orgId, p.id)}>Download the error report (CSV)</Anchor>
      )}
    </Stack>
  );
}
