import { Alert, Anchor, Button, Stack, Text } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { CenteredPage } from '@/components/centered-page';
import {
  ForgotPasswordForm,
  ResetPasswordForm,
  useConfirmEmailChange,
  useMe,
} from '@/features/auth';
import { errorMessage, isApiError } from '@/lib/api/errors';
import { useInstance } from '@/lib/instance';
import { notifyDone } from '@/lib/notify';

const backToLogin = (
  <Anchor component={Link} to="/login">
    Back to log in
  </Anchor>
);

/** Forgot password: the address, then "check your email" (the same whether or not it is known). */
export function ForgotPasswordPage() {
  useDocumentTitle('Reset password · Switchboard');
  const [params] = useSearchParams();
  const instance = useInstance().data;
  const mail = instance?.mail;
  return (
    <CenteredPage
      title="Reset your password"
      description="We email you a link to choose a new one."
      footer={backToLogin}
    >
      {mail && !mail.enabled ? (
        <Text>
          This server cannot send email, so a password cannot be reset by email here. Ask your
          administrator; if you are still signed in somewhere, change it in your profile.
        </Text>
      ) : (
        <ForgotPasswordForm
          defaultEmail={params.get('email') ?? ''}
          sandboxMailbox={mail?.sandbox === true}
        />
      )}
    </CenteredPage>
  );
}

/** The page a reset link opens: a new password, then on to log in with it. */
export function ResetPasswordPage() {
  useDocumentTitle('Choose a new password · Switchboard');
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const token = params.get('token');
  return (
    <CenteredPage
      title="Choose a new password"
      description="Setting it signs you out everywhere; then you log in with it."
      footer={backToLogin}
    >
      {token ? (
        <ResetPasswordForm
          token={token}
          onDone={(email) => {
            notifyDone('Password changed', 'Log in with your new password.');
            void navigate(`/login?email=${encodeURIComponent(email)}`, { replace: true });
          }}
        />
      ) : (
        <LinkIncomplete />
      )}
    </CenteredPage>
  );
}

function LinkIncomplete() {
  return (
    <Text>
      This link is incomplete. Open it again from the email, or{' '}
      <Anchor component={Link} to="/forgot-password">
        ask for a new one
      </Anchor>
      .
    </Text>
  );
}

/**
 * The page a confirmation link opens. It asks for a click rather than confirming on load, so a
 * mail scanner that fetches every link does not confirm on the user's behalf.
 */
export function ConfirmEmailPage() {
  useDocumentTitle('Confirm your email address · Switchboard');
  const [params] = useSearchParams();
  const token = params.get('token');
  const signedIn = Boolean(useMe().data);
  const mutation = useConfirmEmailChange();
  const expired =
    mutation.error && isApiError(mutation.error) && mutation.error.code === 'token_invalid';

  return (
    <CenteredPage title="Confirm your new email address">
      {!token ? (
        <Text>This link is incomplete. Open it again from the email.</Text>
      ) : mutation.isSuccess ? (
        <Stack>
          <Alert color="teal" title="Email address changed">
            Your account now uses {mutation.data.email}. Sign in with it from now on.
          </Alert>
          <Button
            component={Link}
            to={signedIn ? '/profile' : `/login?email=${encodeURIComponent(mutation.data.email)}`}
          >
            {signedIn ? 'Open your profile' : 'Log in'}
          </Button>
        </Stack>
      ) : (
        <Stack>
          <Text>Confirm that this is the address you want to sign in to Switchboard with.</Text>
          {mutation.error && (
            <Alert color="red" title={expired ? 'This link no longer works' : 'Not confirmed'}>
              {expired
                ? 'It has expired or was already used. Ask for the change again in your profile.'
                : errorMessage(mutation.error)}
            </Alert>
          )}
          <Button loading={mutation.isPending} onClick={() => mutation.mutate(token)}>
            Confirm email address
          </Button>
        </Stack>
      )}
    </CenteredPage>
  );
}
