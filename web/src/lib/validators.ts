// Mirrors the server's rules so people see mistakes before a round trip; the server stays the
// authority and its field errors are shown the same way.

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const MIN_PASSWORD_LENGTH = 10;

export function requiredText(label: string, maxLength = 200) {
  return (value: string): string | null => {
    if (value.trim() === '') return `${label} is required`;
    if (value.trim().length > maxLength) return `${label} must be at most ${maxLength} characters`;
    return null;
  };
}

export function emailAddress(value: string): string | null {
  if (value.trim() === '') return 'Email is required';
  if (!EMAIL_PATTERN.test(value.trim()))
    return 'Enter a valid email address, like name@example.com';
  return null;
}

export function newPassword(value: string): string | null {
  if (value === '') return 'Password is required';
  if (value.length < MIN_PASSWORD_LENGTH) {
    return `Password must be at least ${MIN_PASSWORD_LENGTH} characters`;
  }
  return null;
}

/** Anything but blank. */
export function filled(label: string) {
  return (value: string): string | null => (value.trim() === '' ? `${label} is required` : null);
}
