import { Button, Group, Stack, TextInput } from '@mantine/core';
import { IconUsersGroup } from '@tabler/icons-react';
import { DangerButton } from '@/components/danger-button';
import { actionsColumn, DataTable, nameColumn } from '@/components/data-table';
import { EmptyList } from '@/components/empty-list';
import { QueryState } from '@/components/query-state';
import { useConfirmAction } from '@/components/use-confirm-action';
import { errorMessage } from '@/lib/api/errors';
import { notifyDone } from '@/lib/notify';
import { useForm } from '@/lib/use-form';
import { useCreateGroup, useDeleteGroup, useGroups, type ContactGroup } from '../api/groups';

export function GroupsPanel({ orgId, canEdit }: { orgId: string; canEdit: boolean }) {
  const groups = useGroups(orgId);
  const remove = useConfirmAction({
    mutation: useDeleteGroup(orgId),
    variables: (group: ContactGroup) => group.id,
    title: (group) => `Delete the group ${group.name}?`,
    confirmLabel: 'Delete group',
    message: () => 'Its contacts are not deleted, only removed from the group.',
    onDone: (_, group) => notifyDone('Group deleted', group.name),
  });
  return (
    <Stack>
      {canEdit && <CreateGroupForm orgId={orgId} />}
      <QueryState
        query={groups}
        what="groups"
        skeleton={{ rows: 1, height: 100 }}
        isEmpty={(data) => data.items.length === 0}
        empty={
          <EmptyList
            icon={IconUsersGroup}
            title="No groups yet"
            description="Groups are lists of contacts, e.g. a campaign audience."
          />
        }
      >
        {(data) => (
          <DataTable
            rows={data.items}
            minWidth={480}
            highlightOnHover={false}
            columns={[
              {
                ...nameColumn<ContactGroup>((g) => `/orgs/${orgId}/contacts?groupId=${g.id}`),
                header: 'Group',
              },
              { key: 'members', header: 'Members', cell: (g) => g.memberCount },
              canEdit &&
                actionsColumn<ContactGroup>((g) => (
                  <DangerButton aria-label={`Delete group ${g.name}`} onClick={() => remove.ask(g)}>
                    Delete
                  </DangerButton>
                )),
            ]}
          />
        )}
      </QueryState>
      {remove.dialog}
    </Stack>
  );
}

/** A group is created with its name alone; it is filled from the contacts list. */
function CreateGroupForm({ orgId }: { orgId: string }) {
  const create = useCreateGroup(orgId);
  const form = useForm({ initialValues: { name: '' } });
  return (
    <form
      onSubmit={form.onSubmit(({ name }) =>
        create.mutate(
          { name: name.trim() },
          {
            onSuccess: () => form.setFieldValue('name', ''),
            onError: (error) => form.setFieldError('name', errorMessage(error)),
          },
        ),
      )}
    >
      <Group align="flex-start">
        <TextInput
          aria-label="New group name"
          placeholder="New group name"
          {...form.getInputProps('name')}
        />
        <Button type="submit" loading={create.isPending} disabled={!form.values.name.trim()}>
          Create group
        </Button>
      </Group>
    </form>
  );
}
