import { EmptyState } from '@mantine/core';
import type { ComponentType, ReactNode } from 'react';

type EmptyListProps = {
  icon: ComponentType<{ size?: number | string }>;
  title: ReactNode;
  description: ReactNode;
  /** What to do about it (create the first one, clear a filter); nothing when falsy. */
  actions?: ReactNode;
};

/** A list with nothing in it: what would be here, and how to add the first one. */
export function EmptyList({ icon: Icon, title, description, actions }: EmptyListProps) {
  return (
    <EmptyState
      icon={<Icon size={28} />}
      withIndicatorBackground
      title={title}
      description={description}
      py="xl"
    >
      {actions && <EmptyState.Actions>{actions}</EmptyState.Actions>}
    </EmptyState>
  );
}
