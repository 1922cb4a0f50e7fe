import { Button, Group, Stack, TextInput } from '@mantine/core';
import { FormError } from '@/components/form-error';
import { useForm } from '@/lib/use-form';
import { requiredText } from '@/lib/validators';
import { useCreateOrg, type Org } from '../api/create-org';

type CreateOrgFormProps = { onCreated: (org: Org) => unknown; onCancel?: () => void };

export function CreateOrgForm({ onCreated, onCancel }: CreateOrgFormProps) {
  const createOrgMutation = useCreateOrg({ onSuccess: onCreated });
  const form = useForm({
    initialValues: { name: '' },
    validate: { name: requiredText('Organization name', 100) },
  });

  const submit = form.onSubmit((values) => {
    createOrgMutation.mutate(
      { name: values.name.trim() },
      { onError: (error) => form.setServerError(error) },
    );
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError message={form.formError} />
        <TextInput
          label="Organization name"
          description="Usually your company or team name. You can change it later."
          autoComplete="organization"
          required
          autoFocus
          {...form.getInputProps('name')}
        />
        <Group justify="flex-end">
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
          )}
          <Button type="submit" loading={createOrgMutation.isPending}>
            Create organization
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
