import { Alert, Button, Group, Text } from '@mantine/core';
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react';
import { errorMessage, isApiError } from '@/lib/api/errors';

type ErrorStateProps = {
  error: unknown;
  title?: string;
  onRetry?: () => void;
  retrying?: boolean;
};

/** A failed load: what went wrong, the request id for support, and a retry. */
export function ErrorState({
  error,
  title = 'Could not load this',
  onRetry,
  retrying,
}: ErrorStateProps) {
  const requestId = isApiError(error) ? error.requestId : undefined;
  const forbidden = isApiError(error) && error.status === 403;
  return (
    <Alert
      color={forbidden ? 'yellow' : 'red'}
      icon={<IconAlertTriangle size={18} />}
      title={forbidden ? 'Not allowed' : title}
      role="alert"
    >
      <Text size="sm">{errorMessage(error)}</Text>
      {requestId && (
        <Text size="xs" c="dimmed" mt={4}>
          Request id: {requestId}
        </Text>
      )}
      {onRetry && !forbidden && (
        <Group mt="sm">
          <Button
            size="xs"
            variant="light"
            color="red"
            leftSection={<IconRefresh size={14} />}
            onClick={onRetry}
            loading={retrying}
          >
            Try again
          </Button>
        </Group>
      )}
    </Alert>
  );
}
