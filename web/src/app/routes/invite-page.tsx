import { Alert, Anchor, Button, Divider, Stack, Text } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { CenteredPage } from '@/components/centered-page';
import { ErrorState } from '@/components/error-state';
import { FullPageLoader } from '@/components/full-page-loader';
import { refreshMe, SignupForm, useLogout, useMe, type Me } from '@/features/auth';
import {
  AcceptInvitationButton,
  invitationUnavailableReason,
  InvitationSummary,
  useInvitationPreview,
  type InvitationPreview,
} from '@/features/members';
import { errorMessage, isApiError } from '@/lib/api/errors';
import { notifyDone } from '@/lib/notify';

export function InvitePage() {
  const { token = '' } = useParams();
  const previewQuery = useInvitationPreview(token);
  const meQuery = useMe();
  useDocumentTitle('Invitation · Switchboard');

  if (previewQuery.isPending || meQuery.isPending)
    return <FullPageLoader label="Loading invitation" />;

  if (previewQuery.isError) {
    const notFound = isApiError(previewQuery.error) && previewQuery.error.status === 404;
    return (
      <CenteredPage title={notFound ? 'Invitation not found' : 'Could not open the invitation'}>
        {notFound ? (
          <Text>
            This invitation link is not valid. Check that you copied all of it, or ask the person
            who invited you for a new one.
          </Text>
        ) : (
          <ErrorState
            error={previewQuery.error}
            onRetry={() => void previewQuery.refetch()}
            retrying={previewQuery.isRefetching}
          />
        )}
      </CenteredPage>
    );
  }

  const preview = previewQuery.data;
  const unavailable = invitationUnavailableReason(preview);
  if (unavailable) {
    return (
      <CenteredPage title="Invitation unavailable">
        <Stack>
          <Text>{unavailable}</Text>
          <Button component={Link} to="/">
            Go to Switchboard
          </Button>
        </Stack>
      </CenteredPage>
    );
  }

  return (
    <CenteredPage title={`Join ${preview.orgName}`} width={480}>
      <Stack>
        <InvitationSummary preview={preview} />
        {meQuery.isError ? (
          <Alert color="red">{errorMessage(meQuery.error)}</Alert>
        ) : meQuery.data ? (
          <SignedInInvitation token={token} preview={preview} me={meQuery.data} />
        ) : (
          <SignedOutInvitation token={token} preview={preview} />
        )}
      </Stack>
    </CenteredPage>
  );
}

type InvitationProps = { token: string; preview: InvitationPreview };

function SignedInInvitation({ token, preview, me }: InvitationProps & { me: Me }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const logout = useLogout(`/invite/${encodeURIComponent(token)}`);
  const sameEmail = me.user.email.trim().toLowerCase() === preview.email.trim().toLowerCase();

  if (!sameEmail) {
    return (
      <Stack>
        <Alert color="yellow" title="Different account">
          You are logged in as <b>{me.user.email}</b>, but this invitation is for{' '}
          <b>{preview.email}</b>. Log out, then sign up or log in with the invited address.
        </Alert>
        <Button onClick={() => logout.mutate()} loading={logout.isPending}>
          Log out and continue
        </Button>
      </Stack>
    );
  }

  return (
    <AcceptInvitationButton
      token={token}
      orgName={preview.orgName}
      onAccepted={async ({ org }) => {
        await refreshMe(queryClient);
        notifyDone('Invitation accepted', `Welcome to ${org.name}`);
        await navigate(`/orgs/${org.id}`, { replace: true });
      }}
    />
  );
}

function SignedOutInvitation({ token, preview }: InvitationProps) {
  const navigate = useNavigate();
  const loginParams = new URLSearchParams({ next: `/invite/${token}`, email: preview.email });

  return (
    <Stack>
      <Text size="sm">
        Create your account to join, using the address the invitation was sent to.
      </Text>
      <SignupForm
        invitation={{ token, email: preview.email }}
        onSuccess={({ org }) => {
          notifyDone('Welcome to Switchboard', org.name);
          void navigate(`/orgs/${org.id}`, { replace: true });
        }}
      />
      <Divider label="Already have an account?" labelPosition="center" />
      <Anchor component={Link} to={`/login?${loginParams.toString()}`} ta="center">
        Log in as {preview.email} to accept
      </Anchor>
    </Stack>
  );
}
