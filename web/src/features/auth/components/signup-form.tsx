import { Button, Progress, Stack, Text, TextInput } from '@mantine/core';
import { FormFrame } from '@/components/form-frame';
import { PasswordField } from '@/components/password-field';
import { TimeZoneSelect } from '@/components/time-zone-select';
import { browserTimeZone } from '@/lib/format';
import { useForm } from '@/lib/use-form';
import { emailAddress, MIN_PASSWORD_LENGTH, newPassword, requiredText } from '@/lib/validators';
import { useSignup, type SignupResult } from '../api/signup';
import { usePasswordStrength, type PasswordStrength } from '../hooks/use-password-strength';

type SignupFormProps = {
  /** Joining through an invitation: the email is fixed and no organization is created. */
  invitation?: { token: string; email: string };
  onSuccess: (result: SignupResult) => void;
};

export function SignupForm({ invitation, onSuccess }: SignupFormProps) {
  const signupMutation = useSignup();
  // Read by the password validator, which runs after this render's estimate.
  const strengthRef: { weakness: string | null } = { weakness: null };
  const form = useForm({
    initialValues: {
      name: '',
      email: invitation?.email ?? '',
      password: '',
      orgName: '',
      timezone: browserTimeZone(),
    },
    validate: {
      name: requiredText('Name', 100),
      email: emailAddress,
      password: (value) => newPassword(value) ?? strengthRef.weakness,
      orgName: invitation ? undefined : requiredText('Organization name', 100),
    },
  });

  const strength = usePasswordStrength(form.values.password, form.values);
  strengthRef.weakness = strength.weakness;

  const submit = (values: typeof form.values) => {
    const common = {
      name: values.name.trim(),
      email: values.email.trim(),
      password: values.password,
      ...(values.timezone && { timezone: values.timezone }),
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
        description={<PasswordHint strength={strength} showWeakness={!form.errors.password} />}
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
      <TimeZoneSelect
        label="Time zone"
        description={
          invitation
            ? 'Dates are shown in it; from your browser'
            : "Dates are shown in it, and it is your organization's default; from your browser"
        }
        {...form.getInputProps('timezone')}
        onChange={(value) => form.setFieldValue('timezone', value ?? '')}
      />
      <Button type="submit" fullWidth loading={signupMutation.isPending}>
        {invitation ? 'Create account and join' : 'Create account'}
      </Button>
    </FormFrame>
  );
}

const SCORE_LABELS = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'] as const;
const SCORE_COLORS = ['red', 'red', 'orange', 'teal', 'green'] as const;

/** Under the password field: the rule, then how strong the typed password is and what to change. */
function PasswordHint({
  strength,
  showWeakness,
}: {
  strength: PasswordStrength;
  /** False while the field shows the same reason as its error. */
  showWeakness: boolean;
}) {
  const { score, weakness } = strength;
  return (
    <Stack gap={4} component="span" aria-live="polite">
      <span>
        {score === null
          ? `At least ${MIN_PASSWORD_LENGTH} characters, not easy to guess`
          : `Strength: ${SCORE_LABELS[score]}`}
      </span>
      {score !== null && (
        <Progress.Root size="xs" component="span" display="block" aria-hidden>
          <Progress.Section component="span" value={(score + 1) * 20} color={SCORE_COLORS[score]} />
        </Progress.Root>
      )}
      {weakness && showWeakness && (
        <Text span size="xs" c="dimmed">
          {weakness}
        </Text>
      )}
    </Stack>
  );
}
