import { Button } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { Link } from 'react-router';
import { EmptyList } from './empty-list';

type RestrictedNoticeProps = { description: string; backTo: string; backLabel: string };

/** Shown instead of a page the viewer's role cannot use (the server would answer 403). */
export function RestrictedNotice({ description, backTo, backLabel }: RestrictedNoticeProps) {
  return (
    <EmptyList
      icon={IconLock}
      title="Owners and admins only"
      description={description}
      actions={
        <Button component={Link} to={backTo} variant="default">
          {backLabel}
        </Button>
      }
    />
  );
}
