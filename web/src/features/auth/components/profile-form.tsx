import { TextInput } from '@mantine/core';
import { FormActions, FormFrame } from '@/components/form-frame';
import { TimeZoneSelect } from '@/components/time-zone-select';
import { notifyDone } from '@/lib/notify';
import { useForm } from '@/lib/use-form';
import { requiredText } from '@/lib/validators';
import { useUpdateMe } from '../api/account';
import type { Me } from '../api/get-me';

/** Name and time zone; '' for the zone means "the organization's default". */
export function ProfileForm({ user }: { user: Me['user'] }) {
  const mutation = useUpdateMe();
  const form = useForm({
    initialValues: { name: user.name, timezone: user.timezone ?? '' },
    validate: { name: requiredText('Name', 120) },
  });
  const submit = (values: typeof form.values) =>
    mutation.mutate(
      { name: values.name.trim(), timezone: values.timezone || null },
      {
        onSuccess: () => notifyDone('Profile saved', 'Your profile was updated.'),
        onError: (error) => form.setServerError(error),
      },
    );
  return (
    <FormFrame form={form} onSubmit={submit} aria-label="Profile">
      <TextInput label="Name" autoComplete="name" required {...form.getInputProps('name')} />
      <TextInput label="Email" value={user.email} readOnly description="Used to sign in" />
      <TimeZoneSelect
        label="Time zone"
        description="Dates in the app are shown in it"
        emptyLabel="Organization default"
        {...form.getInputProps('timezone')}
        onChange={(value) => form.setFieldValue('timezone', value ?? '')}
      />
      <FormActions submitLabel="Save profile" pending={mutation.isPending} />
    </FormFrame>
  );
}
