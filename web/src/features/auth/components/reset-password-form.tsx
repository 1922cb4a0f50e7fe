import { Button } from '@mantine/core';
import { FormFrame } from '@/components/form-frame';
import { PasswordField } from '@/components/password-field';
import { useForm } from '@/lib/use-form';
import { newPassword } from '@/lib/validators';
import { useResetPassword } from '../api/account-links';
import { usePasswordStrength } from '../hooks/use-password-strength';

type Props = { token: string; onDone: (email: string) => void };

/** The new password a reset link allows; the server's strength rules are shown as you type. */
export function ResetPasswordForm({ token, onDone }: Props) {
  const mutation = useResetPassword();
  const strengthRef: { weakness: string | null } = { weakness: null };
  const form = useForm({
    initialValues: { password: '' },
    validate: { password: (value) => newPassword(value) ?? strengthRef.weakness },
  });
  const strength = usePasswordStrength(form.values.password, { email: '', name: '' });
  strengthRef.weakness = strength.weakness;

  const submit = ({ password }: typeof form.values) =>
    mutation.mutate(
      { token, password },
      {
        onSuccess: (done) => onDone(done.email),
        onError: (error) => form.setServerError(error),
      },
    );
  return (
    <FormFrame form={form} onSubmit={submit} aria-label="Choose a new password">
      <PasswordField
        label="New password"
        autoComplete="new-password"
        required
        autoFocus
        description={
          strength.weakness ?? 'At least 10 characters, not easy to guess. Every session ends.'
        }
        {...form.getInputProps('password')}
      />
      <Button type="submit" fullWidth loading={mutation.isPending}>
        Set new password
      </Button>
    </FormFrame>
  );
}
