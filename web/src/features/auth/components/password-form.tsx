import { FormActions, FormFrame } from '@/components/form-frame';
import { PasswordField } from '@/components/password-field';
import { notifyDone } from '@/lib/notify';
import { useForm } from '@/lib/use-form';
import { filled, newPassword } from '@/lib/validators';
import { useChangePassword } from '../api/account';
import type { Me } from '../api/get-me';
import { usePasswordStrength } from '../hooks/use-password-strength';

/** Current and new password; the server applies the sign-up rules and signs other sessions out. */
export function PasswordForm({ user }: { user: Me['user'] }) {
  const mutation = useChangePassword();
  const strengthRef: { weakness: string | null } = { weakness: null };
  const form = useForm({
    initialValues: { currentPassword: '', newPassword: '' },
    validate: {
      currentPassword: filled('Current password'),
      newPassword: (value) => newPassword(value) ?? strengthRef.weakness,
    },
  });
  const strength = usePasswordStrength(form.values.newPassword, user);
  strengthRef.weakness = strength.weakness;

  const submit = (values: typeof form.values) =>
    mutation.mutate(values, {
      onSuccess: () => {
        form.setValues(() => ({ currentPassword: '', newPassword: '' }));
        notifyDone('Password changed', 'Your other sessions were signed out.');
      },
      onError: (error) => form.setServerError(error),
    });
  return (
    <FormFrame form={form} onSubmit={submit} aria-label="Change password">
      <PasswordField
        label="Current password"
        autoComplete="current-password"
        required
        {...form.getInputProps('currentPassword')}
      />
      <PasswordField
        label="New password"
        autoComplete="new-password"
        required
        description={
          strength.weakness ?? 'At least 10 characters, not easy to guess. Other sessions end.'
        }
        {...form.getInputProps('newPassword')}
      />
      <FormActions submitLabel="Change password" pending={mutation.isPending} />
    </FormFrame>
  );
}
