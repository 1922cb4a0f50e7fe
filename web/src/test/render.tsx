import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';

/**
 * Renders a component as the app does (Mantine, notifications, a fresh query cache, a router),
 * with a user to drive it. The router is a data router, as the app's (blockers work), with the
 * component as its one route: a test's own `<Routes>` inside it match the rest of the path.
 * Failed queries are not retried, so an error state shows at once; Mantine runs without
 * transitions or portals (`env="test"`).
 */
export function renderWithApp(ui: ReactElement, { route = '/' }: { route?: string } = {}) {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  const user = userEvent.setup();
  const result = render(
    <MantineProvider env="test">
      <Notifications />
      <QueryClientProvider client={queryClient}>
        <RouterProvider
          router={createMemoryRouter([{ path: '*', element: ui }], { initialEntries: [route] })}
        />
      </QueryClientProvider>
    </MantineProvider>,
  );
  return { ...result, user, queryClient };
}
