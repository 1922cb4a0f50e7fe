import { LoadingOverlay, Stack, Table, VisuallyHidden, type TableTrProps } from '@mantine/core';
import type { InfiniteData } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { flattenPages } from '@/lib/api/pagination';
import { ErrorState } from './error-state';
import { LoadMoreButton } from './load-more-button';
import { QueryState, type QueryLike } from './query-state';

/** One column of a `PagedTable`: its header and what each row shows in it. */
export type Column<T> = {
  key: string;
  header: ReactNode;
  cell: (row: T) => ReactNode;
  width?: number;
  align?: 'right';
};

/** A right-aligned column of row actions, its header read only by screen readers. */
export function actionsColumn<T>(cell: (row: T) => ReactNode): Column<T> {
  return { key: 'actions', header: <VisuallyHidden>Actions</VisuallyHidden>, cell, align: 'right' };
}

/** What `PagedTable` reads of a `useInfiniteQuery` over `{ items, nextCursor }` pages. */
export type PagedQuery<T> = QueryLike<InfiniteData<{ items: T[] }, unknown>> & {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isFetchNextPageError: boolean;
  fetchNextPage: () => Promise<unknown>;
  /** Rows of the previous filter shown while the new one loads (`keepPreviousData`). */
  isPlaceholderData?: boolean;
};

type PagedTableProps<T> = {
  query: PagedQuery<T>;
  /** `false` entries are left out, for columns shown only to some roles. */
  columns: (Column<T> | false)[];
  rowKey: (row: T) => string;
  rowProps?: (row: T) => TableTrProps;
  /** Rows of the loaded pages to show (the others stay loaded, for paging). */
  filter?: (row: T) => boolean;
  loadingLabel: string;
  loading?: ReactNode;
  errorTitle: string;
  /** Shown instead of the table when no row is shown. */
  empty: ReactNode;
  /** Below it the table scrolls sideways instead of squeezing its columns. */
  minWidth: number;
  highlightOnHover?: boolean;
  /** Tight, striped rows, for logs. */
  dense?: boolean;
  /** The title of a failed "Load more". */
  moreErrorTitle?: string;
  /** Rendered after the load-more button (dialogs the rows open). */
  children?: ReactNode;
};

/**
 * A cursor-paginated list as a table: loading, error and empty states, the rows of every loaded
 * page and "Load more" while the server has another. A feature's table is its columns.
 */
export function PagedTable<T>(props: PagedTableProps<T>) {
  const { query, rowKey, rowProps, filter, minWidth, highlightOnHover = true } = props;
  const columns = props.columns.filter((column) => column !== false);
  return (
    <QueryState
      query={query}
      loadingLabel={props.loadingLabel}
      loading={props.loading}
      errorTitle={props.errorTitle}
    >
      {(data) => {
        const all = flattenPages(data);
        const rows = filter ? all.filter(filter) : all;
        return (
          <Stack>
            {rows.length === 0 ? (
              props.empty
            ) : (
              <Table.ScrollContainer minWidth={minWidth} pos="relative">
                <LoadingOverlay visible={query.isPlaceholderData ?? false} zIndex={1} />
                <Table
                  verticalSpacing={props.dense ? 'xs' : 'sm'}
                  striped={props.dense}
                  highlightOnHover={highlightOnHover}
                >
                  <Table.Thead>
                    <Table.Tr>
                      {columns.map((column) => (
                        <Table.Th key={column.key} w={column.width}>
                          {column.header}
                        </Table.Th>
                      ))}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {rows.map((row) => (
                      <Table.Tr key={rowKey(row)} {...rowProps?.(row)}>
                        {columns.map((column) => (
                          <Table.Td key={column.key} ta={column.align}>
                            {column.cell(row)}
                          </Table.Td>
                        ))}
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
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
