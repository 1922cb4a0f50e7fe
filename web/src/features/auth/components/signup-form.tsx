import { Button, TextInput } from '@mantine/core';
import { FormFrame } from '@/components/form-frame';
import { PasswordField } from '@/components/password-field';
import { useForm } from '@/lib/use-form';
import { emailAddress, MIN_PASSWORD_LENGTH, newPassword, requiredText } from '@/lib/validators';
import { useSignup, type SignupResult } from '../api/signup';

type SignupFormProps = {
  /** Joining through an invitation: the email is fixed and no organization is created. */
  invitation?: { token: string; email: string };
  onSuccess: (result: SignupResult) => void;
};

export function SignupForm({ invitation, onSuccess }: SignupFormProps) {
  const signupMutation = useSignup();
  const form = useForm({
    initialValues: { name: '', email: invitation?.email ?? '', password: '', orgName: '' },
    validate: {
      name: requiredText('Name', 100),
      email: emailAddress,
      password: newPassword,
      orgName: invitation ? undefined : requiredText('Organization name', 100),
    },
  });

  const submit = (values: typeof form.values) => {
    const common = {
      name: values.name.trim(),
      email: values.email.trim(),
      password: values.password,
    };
    const input = invitation
      ? { ...common, invitationToken: invitation.token }
      : { ...common, orgName: values.orgName.trim() };
    signupMutation.mutate(input, { onSuccess, onError: (error) => form.setServerError(error) });
  };

  return (
    <FormFrame form={form} onSubmit={submit}>
      <TextInput
        label="Your name"
        autoComplete="name"
        required
        autoFocus
        {...form.getInputProps('name')}
      />
      <TextInput
        label="Email"
        type="email"
        autoComplete="email"
        required
        readOnly={Boolean(invitation)}
        description={invitation ? 'The invitation was sent to this address' : undefined}
        {...form.getInputProps('email')}
      />
      <PasswordField
        label="Password"
        autoComplete="new-password"
        required
        description={`At least ${MIN_PASSWORD_LENGTH} characters`}
        {...form.getInputProps('password')}
      />
      {!invitation && (
        <TextInput
          label="Organization name"
          autoComplete="organization"
          required
          description="You can invite your team once it exists"
          {...form.getInputProps('orgName')}
        />
      )}
      <Button type="submit" fullWidth loading={signupMutation.isPending}>
        {invitation ? 'Create account and join' : 'Create account'}
      </Button>
    </FormFrame>
  );
}
