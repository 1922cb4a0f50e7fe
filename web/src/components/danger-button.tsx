import { Button } from '@mantine/core';
import type { ReactNode } from 'react';

type DangerButtonProps = {
  onClick: () => void;
  /** The accessible name, where the visible label ("Delete") does not say of what. */
  'aria-label'?: string;
  children: ReactNode;
};

/** A small red action in a row (delete, revoke, lift), confirmed by a dialog it opens. */
export function DangerButton({ onClick, children, ...rest }: DangerButtonProps) {
  return (
    <Button
      size="xs"
      variant="subtle"
      color="red"
      aria-label={rest['aria-label']}
      onClick={onClick}
    >
      {children}
    </Button>
  );
}
