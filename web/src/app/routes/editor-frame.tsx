import { Skeleton, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { PageHeader } from '@/components/page-header';
import { QueryState, type QueryLike } from '@/components/query-state';

type EditorFrameProps<T> = {
  /** The link back, above the page (and above a failed load). */
  back: ReactNode;
  title: string;
  description: ReactNode;
  /** What is edited, as in "Loading campaign" and "Could not load this campaign". */
  what: string;
  /** The saved one being edited; when creating one, nothing is loaded. */
  query: QueryLike<T> | null;
  /** The editor, given the saved one (none when creating). */
  children: (saved: T | undefined) => ReactNode;
};

/** A page that creates one, or edits a saved one once it is loaded. */
export function EditorFrame<T>({
  back,
  title,
  description,
  what,
  query,
  children,
}: EditorFrameProps<T>) {
  if (query && query.data === undefined) {
    return (
      <Stack gap="md">
        {!query.isPending && back}
        <QueryState
          query={query}
          errorTitle={`Could not load this ${what}`}
          loading={
            <Stack gap="md" role="status" aria-label={`Loading ${what}`}>
              <Skeleton height={32} w={240} />
              <Skeleton height={320} />
            </Stack>
          }
        >
          {() => null}
        </QueryState>
      </Stack>
    );
  }
  return (
    <Stack gap="lg">
      {back}
      <PageHeader title={title} description={description} />
      {children(query?.data)}
    </Stack>
  );
}
