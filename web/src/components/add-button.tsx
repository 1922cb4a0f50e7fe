import { Button } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

/** Creates one: a link to the page that does (`to`), or an action that opens a dialog. */
type AddButtonProps = { children: ReactNode } & ({ to: string } | { onClick: () => void });

/** "New template", "Connect a provider": the primary button that adds to a list. */
export function AddButton(props: AddButtonProps) {
  const icon = <IconPlus size={16} />;
  if ('to' in props) {
    return (
      <Button component={Link} to={props.to} leftSection={icon}>
        {props.children}
      </Button>
    );
  }
  return (
    <Button leftSection={icon} onClick={props.onClick}>
      {props.children}
    </Button>
  );
}
