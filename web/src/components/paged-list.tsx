import { Stack, type MantineSpacing } from '@mantine/core';
import type { InfiniteData } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { flattenPages } from '@/lib/api/pagination';
import { ErrorState } from './error-state';
import { LoadMoreButton } from './load-more-button';
import { QueryState, type LoadTexts, type QueryLike } from './query-state';

/** What `PagedList` reads of a `useInfiniteQuery` over `{ items, nextCursor }` pages. */
export type PagedQuery<T> = QueryLike<InfiniteData<{ items: T[] }, unknown>> & {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isFetchNextPageError: boolean;
  fetchNextPage: () => Promise<unknown>;
  /** Rows of the previous filter shown while the new one loads (`keepPreviousData`). */
  isPlaceholderData?: boolean;
};

export type PagedListProps<T> = LoadTexts & {
  query: PagedQuery<T>;
  /** Items of the loaded pages to show (the others stay loaded, for paging). */
  filter?: (item: T) => boolean;
  /** Shown instead of the items when none is shown. */
  empty: ReactNode;
  /** The title of a failed "Load more". */
  moreErrorTitle?: string;
  gap?: MantineSpacing;
  /** Rendered after the load-more button (what the items open: a diff, dialogs). */
  children?: ReactNode;
};

/**
 * A cursor-paginated list: loading, error and empty states, the items of every loaded page as
 * `items` renders them, and "Load more" while the server has another page.
 */
export function PagedList<T>(props: PagedListProps<T> & { items: (items: T[]) => ReactNode }) {
  const { query, filter, what, loadingLabel, errorTitle, skeleton, loading } = props;
  return (
    <QueryState query={query} {...{ what, loadingLabel, errorTitle, skeleton, loading }}>
      {(data) => {
        const all = flattenPages(data);
        const shown = filter ? all.filter(filter) : all;
        return (
          <Stack gap={props.gap}>
            {shown.length === 0 ? props.empty : props.items(shown)}
            {query.isFetchNextPageError && (
              <ErrorState
                title={props.moreErrorTitle ?? 'Could not load more'}
                error={query.error}
              />
            )}
            <LoadMoreButton
              hasNextPage={query.hasNextPage}
              isFetchingNextPage={query.isFetchingNextPage}
              onLoadMore={() => void query.fetchNextPage()}
            />
            {props.children}
          </Stack>
        );
      }}
    </QueryState>
  );
}
