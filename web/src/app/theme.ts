import { createTheme, localStorageColorSchemeManager } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'blue',
  defaultRadius: 'md',
  cursorType: 'pointer',
});

export const colorSchemeManager = localStorageColorSchemeManager({
  key: 'switchboard-color-scheme',
});
