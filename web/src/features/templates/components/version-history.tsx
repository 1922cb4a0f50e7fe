import {
  Badge,
  Box,
  Button,
  Group,
  Paper,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { diffLines } from 'diff';
import { useState } from 'react';
import { DateTime } from '@/components/date-time';
import { PagedList } from '@/components/paged-list';
import { useConfirmAction } from '@/components/use-confirm-action';
import { notifyDone } from '@/lib/notify';
import { useTemplateVersions } from '../api/list-versions';
import { useRestoreTemplateVersion } from '../api/save-template';
import type { Template, TemplateVersion } from '../api/types';
import classes from './version-history.module.css';

/** One text per version, so a line diff shows every part that changed. */
function asText(v: TemplateVersion): string {
  const parts = [];
  if (v.subject !== null) parts.push(`Subject: ${v.subject}`, '');
  parts.push(v.body);
  if (v.text) parts.push('', '--- Plain text ---', v.text);
  parts.push('', '--- Variables ---');
  for (const variable of v.variables) {
    const flags = [variable.type, variable.required ? 'required' : 'optional'];
    if (variable.default !== undefined) flags.push(`default ${JSON.stringify(variable.default)}`);
    parts.push(`${variable.name}: ${flags.join(', ')}`);
  }
  return parts.join('\n');
}

function VersionDiff({ from, to }: { from: TemplateVersion; to: TemplateVersion }) {
  const changes = diffLines(asText(from), asText(to));
  return (
    <ScrollArea.Autosize mah={360}>
      <Box
        component="pre"
        className={classes.diff}
        aria-label={`Changes from version ${from.version} to ${to.version}`}
      >
        {changes.map((change, i) => (
          <span
            key={i}
            className={change.added ? classes.added : change.removed ? classes.removed : undefined}
          >
            {change.value
              .replace(/\n$/, '')
              .split('\n')
              .map((line) => `${change.added ? '+ ' : change.removed ? '- ' : '  '}${line}`)
              .join('\n') + '\n'}
          </span>
        ))}
      </Box>
    </ScrollArea.Autosize>
  );
}

type VersionHistoryProps = { orgId: string; template: Template; canEdit: boolean };

/** Every version, newest first; select one to see what changed since, and restore it. */
export function VersionHistory({ orgId, template, canEdit }: VersionHistoryProps) {
  const versionsQuery = useTemplateVersions(orgId, template.id, true);
  const [selected, setSelected] = useState<TemplateVersion | null>(null);
  const restore = useConfirmAction({
    mutation: useRestoreTemplateVersion(orgId, template.id),
    variables: (version: TemplateVersion) => version.id,
    title: (version) => `Restore version ${version.version}?`,
    confirmLabel: 'Restore',
    message: () =>
      'Its content becomes a new version. Nothing is lost: the current version stays in the history.',
    onDone: (saved) => {
      notifyDone('Version restored', `Its content is now version ${saved.latestVersion}.`);
      setSelected(null);
      void versionsQuery.refetch();
    },
  });
  const current = template.current;

  return (
    <PagedList
      query={versionsQuery}
      what="versions"
      skeleton={{ height: 36 }}
      errorTitle="Could not load the version history"
      empty={null}
      gap="sm"
      items={(versions) => (
        <>
          <Text size="sm" c="dimmed">
            Every saved change is a version. Select one to compare it with the current version.
          </Text>
          <Stack gap={4} role="listbox" aria-label="Versions">
            {versions.map((v) => (
              <UnstyledButton
                key={v.id}
                role="option"
                aria-selected={selected?.id === v.id}
                className={classes.version}
                data-selected={selected?.id === v.id || undefined}
                onClick={() => setSelected(selected?.id === v.id ? null : v)}
              >
                <Group justify="space-between" wrap="nowrap">
                  <Group gap="xs">
                    <Text size="sm" fw={600}>
                      v{v.version}
                    </Text>
                    {v.id === current.id && (
                      <Badge size="xs" color="teal" variant="light">
                        current
                      </Badge>
                    )}
                    {v.restoredFrom !== null && (
                      <Badge size="xs" color="gray" variant="light">
                        restored from v{v.restoredFrom}
                      </Badge>
                    )}
                  </Group>
                  <Text size="xs" c="dimmed">
                    <DateTime value={v.createdAt} relative />
                  </Text>
                </Group>
              </UnstyledButton>
            ))}
          </Stack>
        </>
      )}
    >
      {selected && selected.id !== current.id && (
        <Paper withBorder p="sm" radius="sm">
          <Stack gap="xs">
            <Group justify="space-between">
              <Text size="sm" fw={600}>
                v{selected.version} → current (v{current.version})
              </Text>
              {canEdit && (
                <Button size="xs" onClick={() => restore.ask(selected)}>
                  Restore v{selected.version}
                </Button>
              )}
            </Group>
            <VersionDiff from={selected} to={current} />
          </Stack>
        </Paper>
      )}
      {restore.dialog}
    </PagedList>
  );
}
