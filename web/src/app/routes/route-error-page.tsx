import { Button, Group, Stack, Text } from '@mantine/core';
import { isRouteErrorResponse, useRouteError } from 'react-router';
import { CenteredPage } from '@/components/centered-page';
import { errorMessage, isApiError } from '@/lib/api/errors';
import { isChunkLoadError } from '@/lib/chunk-load-error';
import { ChunkLoadFailed } from './chunk-load-failed';
import { NotFoundPage } from './not-found-page';

/** Last resort for a loader or render failure: say what happened and offer a way forward. */
export function RouteErrorPage() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  if (isChunkLoadError(error)) {
    return (
      <CenteredPage title="Switchboard needs a reload">
        <ChunkLoadFailed />
      </CenteredPage>
    );
  }

  const requestId = isApiError(error) ? error.requestId : undefined;
  return (
    <CenteredPage title="Something went wrong">
      <Stack>
        <Text>{isApiError(error) ? errorMessage(error) : 'The page failed to load.'}</Text>
        {requestId && (
          <Text size="sm" c="dimmed">
            Request id: {requestId}
          </Text>
        )}
        <Group>
          <Button onClick={() => window.location.reload()}>Reload the page</Button>
          <Button variant="default" component="a" href="/">
            Go to the start page
          </Button>
        </Group>
      </Stack>
    </CenteredPage>
  );
}
