import { Button, TextInput } from '@mantine/core';
import { FormFrame } from '@/components/form-frame';
import { PasswordField } from '@/components/password-field';
import { useForm } from '@/lib/use-form';
import { emailAddress } from '@/lib/validators';
import { useLogin } from '../api/login';

type LoginFormProps = { defaultEmail?: string; onSuccess: () => void };

export function LoginForm({ defaultEmail = '', onSuccess }: LoginFormProps) {
  const loginMutation = useLogin();
  const form = useForm({
    initialValues: { email: defaultEmail, password: '' },
    validate: {
      email: emailAddress,
      password: (value) => (value === '' ? 'Password is required' : null),
    },
  });

  const submit = (values: typeof form.values) =>
    loginMutation.mutate(
      { email: values.email.trim(), password: values.password },
      { onSuccess, onError: (error) => form.setServerError(error) },
    );

  return (
    <FormFrame form={form} onSubmit={submit}>
      <TextInput
        label="Email"
        type="email"
        autoComplete="email"
        required
        autoFocus={defaultEmail === ''}
        {...form.getInputProps('email')}
      />
      <PasswordField
        label="Password"
        autoComplete="current-password"
        required
        autoFocus={defaultEmail !== ''}
        {...form.getInputProps('password')}
      />
      <Button type="submit" fullWidth loading={loginMutation.isPending}>
        Log in
      </Button>
    </FormFrame>
  );
}
