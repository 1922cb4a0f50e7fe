import { Button, Stack, Text } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Link } from 'react-router';
import { CenteredPage } from '@/components/centered-page';

export function NotFoundPage() {
  useDocumentTitle('Page not found · Switchboard');
  return (
    <CenteredPage title="Page not found">
      <Stack>
        <Text>There is nothing at this address. It may have moved, or the link is mistyped.</Text>
        <Button component={Link} to="/">
          Go to Switchboard
        </Button>
      </Stack>
    </CenteredPage>
  );
}
