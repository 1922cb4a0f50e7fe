import { Alert, Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { IconMailCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { FormFrame } from '@/components/form-frame';
import { useForm } from '@/lib/use-form';
import { emailAddress } from '@/lib/validators';
import { useRequestPasswordReset } from '../api/account-links';

type Props = {
  defaultEmail?: string;
  /** The sandbox mailbox catches mail on this server: point to it. */
  sandboxMailbox: boolean;
};

/** Forgot password: asks for the address and says the same thing whether or not it is known. */
export function ForgotPasswordForm({ defaultEmail = '', sandboxMailbox }: Props) {
  const mutation = useRequestPasswordReset();
  const [sentTo, setSentTo] = useState<{ email: string; minutes: number } | null>(null);
  const form = useForm({
    initialValues: { email: defaultEmail },
    validate: { email: emailAddress },
  });

  if (sentTo) {
    return (
      <Stack>
        <Alert color="teal" icon={<IconMailCheck size={18} />} title="Check your email">
          If {sentTo.email} has a Switchboard account, a link to choose a new password is on its
          way. It works once, for {sentTo.minutes} minutes.
        </Alert>
        {sandboxMailbox && (
          <Text size="sm">
            This server keeps its mail in the{' '}
            <Anchor component={Link} to="/sandbox/mail">
              sandbox mailbox
            </Anchor>{' '}
            instead of sending it.
          </Text>
        )}
        <Button variant="default" onClick={() => setSentTo(null)}>
          Use another address
        </Button>
      </Stack>
    );
  }

  const submit = ({ email }: typeof form.values) =>
    mutation.mutate(email.trim(), {
      onSuccess: (answer) => setSentTo({ email: email.trim(), minutes: answer.expiresInMinutes }),
      onError: (error) => form.setServerError(error),
    });
  return (
    <FormFrame form={form} onSubmit={submit} aria-label="Reset password">
      <TextInput
        label="Email"
        type="email"
        autoComplete="email"
        required
        autoFocus
        description="The address you sign in with."
        {...form.getInputProps('email')}
      />
      <Button type="submit" fullWidth loading={mutation.isPending}>
        Send reset link
      </Button>
    </FormFrame>
  );
}
