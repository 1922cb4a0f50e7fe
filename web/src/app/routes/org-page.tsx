import { Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { PageHeader } from '@/components/page-header';

type OrgPageProps = {
  title: string;
  description?: ReactNode;
  /** In the header, e.g. the button that creates one. */
  actions?: ReactNode;
  /** How wide the page grows, in pixels; the whole width without. */
  maw?: number;
  children: ReactNode;
};

/** A page of the org: its header, then what it lists or edits. */
export function OrgPage({ title, description, actions, maw, children }: OrgPageProps) {
  return (
    <Stack gap="xl" maw={maw}>
      <PageHeader title={title} description={description} actions={actions} />
      {children}
    </Stack>
  );
}
