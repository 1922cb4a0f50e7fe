import type { ReactNode } from 'react';
import { ErrorState } from './error-state';
import { LoadingRows } from './loading-rows';

/** What `QueryState` reads of a TanStack query (plain or infinite). */
export type QueryLike<T> = {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  data: T | undefined;
  isRefetching: boolean;
  refetch: () => Promise<unknown>;
};

type QueryStateProps<T> = {
  query: QueryLike<T>;
  /** Announced while the first load runs. */
  loadingLabel: string;
  /** A placeholder shaped like the content, instead of skeleton rows. */
  loading?: ReactNode;
  errorTitle: string;
  /** Whether the loaded data has nothing to show; `empty` is rendered then. */
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
};

/**
 * The three states every loaded view has before its content: the first load, a failure with a
 * retry, and nothing to show. Content once loaded stays on screen through refetches.
 */
export function QueryState<T>(props: QueryStateProps<T>) {
  const { query, loadingLabel, loading, errorTitle, isEmpty, empty, children } = props;
  if (query.isPending) return loading ?? <LoadingRows label={loadingLabel} />;
  // A failed refetch (or next page) keeps what was loaded on screen.
  if (query.data === undefined) {
    return (
      <ErrorState
        title={errorTitle}
        error={query.error}
        onRetry={() => void query.refetch()}
        retrying={query.isRefetching}
      />
    );
  }
  if (empty !== undefined && isEmpty?.(query.data)) return empty;
  return children(query.data);
}
