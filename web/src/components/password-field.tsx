import { PasswordInput, type PasswordInputProps } from '@mantine/core';

/**
 * Mantine's PasswordInput, with a reveal toggle whose name does not repeat "password", so the
 * field is the only match for its label (screen readers announce the toggle right after it).
 */
export function PasswordField(props: PasswordInputProps) {
  return (
    <PasswordInput visibilityToggleButtonProps={{ 'aria-label': 'Show characters' }} {...props} />
  );
}
