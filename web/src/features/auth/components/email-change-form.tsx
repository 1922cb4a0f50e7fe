import { Alert, Text, TextInput } from '@mantine/core';
import { IconMailForward } from '@tabler/icons-react';
import { useState } from 'react';
import { FormActions, FormFrame } from '@/components/form-frame';
import { PasswordField } from '@/components/password-field';
import { formatDateTime } from '@/lib/format';
import { useForm } from '@/lib/use-form';
import { emailAddress, filled } from '@/lib/validators';
import { useRequestEmailChange } from '../api/account-links';
import type { Me } from '../api/get-me';

type Props = {
  user: Me['user'];
  /** False when this server cannot send mail: the address cannot be confirmed, so not changed. */
  mailEnabled: boolean;
};

/** A new sign-in address, confirmed through a link sent to it (the current one gets a notice). */
export function EmailChangeForm({ user, mailEnabled }: Props) {
  const mutation = useRequestEmailChange();
  const [pending, setPending] = useState<{ email: string; expiresAt: string } | null>(null);
  const form = useForm({
    initialValues: { email: '', password: '' },
    validate: { email: emailAddress, password: filled('Password') },
  });

  if (!mailEnabled) {
    return (
      <Text size="sm">
        You sign in with <b>{user.email}</b>. This server cannot send email, so the address cannot
        be changed here: ask your administrator.
      </Text>
    );
  }
  const submit = (values: typeof form.values) =>
    mutation.mutate(
      { email: values.email.trim(), password: values.password },
      {
        onSuccess: (answer) => {
          setPending({ email: answer.pendingEmail, expiresAt: answer.expiresAt });
          form.setValues(() => ({ email: '', password: '' }));
        },
        onError: (error) => form.setServerError(error),
      },
    );
  return (
    <FormFrame form={form} onSubmit={submit} aria-label="Change email address">
      <Text size="sm">
        You sign in with <b>{user.email}</b>.
      </Text>
      {pending && (
        <Alert color="blue" icon={<IconMailForward size={18} />} title="Confirm the new address">
          We sent a link to {pending.email}. Your address changes when you open it (until{' '}
          {formatDateTime(pending.expiresAt)}); until then you keep signing in with {user.email}.
        </Alert>
      )}
      <TextInput
        label="New email address"
        type="email"
        autoComplete="email"
        required
        {...form.getInputProps('email')}
      />
      <PasswordField
        label="Your password"
        description="To make sure it is you."
        autoComplete="current-password"
        required
        {...form.getInputProps('password')}
      />
      <FormActions submitLabel="Send confirmation link" pending={mutation.isPending} />
    </FormFrame>
  );
}
