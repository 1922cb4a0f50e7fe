import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { cspNonce } from '@/lib/csp-nonce';
import { queryClient } from './query-client';
import { colorSchemeManager, cssVariablesResolver, theme } from './theme';

const styleNonce = cspNonce;
/** Mantine adds this nonce to every <style> it renders, as the production CSP requires. */
const getStyleNonce = styleNonce ? () => styleNonce : undefined;

export function AppProviders({ children }: { children: ReactNode }) {
  return (
    <MantineProvider
      theme={theme}
      cssVariablesResolver={cssVariablesResolver}
      colorSchemeManager={colorSchemeManager}
      defaultColorScheme="auto"
      getStyleNonce={getStyleNonce}
    >
      <Notifications position="bottom-right" limit={4} />
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </MantineProvider>
  );
}
