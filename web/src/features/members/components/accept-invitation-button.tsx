import { Button, Stack } from '@mantine/core';
import { FormError } from '@/components/form-error';
import { errorMessage } from '@/lib/api/errors';
import { useAcceptInvitation, type AcceptedInvitation } from '../api/accept-invitation';

type AcceptInvitationButtonProps = {
  token: string;
  orgName: string;
  onAccepted: (result: AcceptedInvitation) => unknown;
};

export function AcceptInvitationButton({
  token,
  orgName,
  onAccepted,
}: AcceptInvitationButtonProps) {
  const acceptMutation = useAcceptInvitation({ onSuccess: onAccepted });
  return (
    <Stack>
      <FormError message={acceptMutation.isError ? errorMessage(acceptMutation.error) : null} />
      <Button
        fullWidth
        loading={acceptMutation.isPending}
        onClick={() => acceptMutation.mutate(token)}
      >
        Join {orgName}
      </Button>
    </Stack>
  );
}
