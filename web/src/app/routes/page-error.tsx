import { Button, Group, Stack } from '@mantine/core';
import { Link, useRouteError } from 'react-router';
import { ErrorState } from '@/components/error-state';
import { isChunkLoadError } from '@/lib/chunk-load-error';
import { ChunkLoadFailed } from './chunk-load-failed';

/** A page inside the shell failed to render: keep the header and navigation usable. */
export function PageError() {
  const error = useRouteError();
  if (isChunkLoadError(error)) return <ChunkLoadFailed />;
  return (
    <Stack maw={640}>
      <ErrorState title="This page failed to load" error={error} />
      <Group>
        <Button onClick={() => window.location.reload()}>Reload the page</Button>
        <Button variant="default" component={Link} to="/">
          Go to the start page
        </Button>
      </Group>
    </Stack>
  );
}
