import { Button, EmptyState } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { Link } from 'react-router';

type RestrictedNoticeProps = { description: string; backTo: string; backLabel: string };

/** Shown instead of a page the viewer's role cannot use (the server would answer 403). */
export function RestrictedNotice({ description, backTo, backLabel }: RestrictedNoticeProps) {
  return (
    <EmptyState
      icon={<IconLock size={28} />}
      withIndicatorBackground
      title="Owners and admins only"
      description={description}
      py="xl"
    >
      <EmptyState.Actions>
        <Button component={Link} to={backTo} variant="default">
          {backLabel}
        </Button>
      </EmptyState.Actions>
    </EmptyState>
  );
}
