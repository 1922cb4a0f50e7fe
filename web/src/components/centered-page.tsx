import { Anchor, Box, Center, Container, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { ColorSchemeToggle } from './color-scheme-toggle';

type CenteredPageProps = {
  title: string;
  description?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
  width?: number;
};

/** Full-page card for the screens outside the app shell (login, signup, invitations). */
export function CenteredPage({
  title,
  description,
  children,
  footer,
  width = 440,
}: CenteredPageProps) {
  return (
    <Box mih="100dvh" py="xl" bg="var(--mantine-color-body)">
      <Container size={width}>
        <Group justify="space-between" mb="xl">
          <Anchor component={Link} to="/" fw={700} fz="lg" underline="never" c="inherit">
            Switchboard
          </Anchor>
          <ColorSchemeToggle />
        </Group>
        <Center>
          <Stack w="100%" gap="lg">
            <Stack gap={4}>
              <Title order={1} size="h2">
                {title}
              </Title>
              {description && <Text c="dimmed">{description}</Text>}
            </Stack>
            <Paper withBorder shadow="sm" p="xl" radius="md">
              {children}
            </Paper>
            {footer && (
              <Text size="sm" ta="center" c="dimmed">
                {footer}
              </Text>
            )}
          </Stack>
        </Center>
      </Container>
    </Box>
  );
}
