import { Button } from '@mantine/core';
import { IconPencil, IconTrash } from '@tabler/icons-react';
import type { ReactNode } from 'react';

/** "Edit" of a page or card: opens its edit dialog. */
export function EditButton({ onClick }: { onClick: () => void }) {
  return (
    <Button variant="default" leftSection={<IconPencil size={16} />} onClick={onClick}>
      Edit
    </Button>
  );
}

type DeleteButtonProps = {
  /** Asks first: the confirmation names what is lost. */
  onClick: () => void;
  variant?: 'light' | 'subtle';
  children?: ReactNode;
};

/** "Delete" of a page or card, in red; it asks for a confirmation. */
export function DeleteButton({
  onClick,
  variant = 'light',
  children = 'Delete',
}: DeleteButtonProps) {
  return (
    <Button variant={variant} color="red" leftSection={<IconTrash size={16} />} onClick={onClick}>
      {children}
    </Button>
  );
}
