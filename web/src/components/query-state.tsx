import type { MantineSpacing } from '@mantine/core';
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

/** The loading and failure texts of a loaded view. */
export type LoadTexts = {
  /** What is loaded, as in "Loading …" and "Could not load …" ("templates", "API keys"). */
  what?: string;
  /** Announced while the first load runs; by default "Loading {what}". */
  loadingLabel?: string;
  /** By default "Could not load {what}". */
  errorTitle?: string;
  /** The skeleton rows shown while the first load runs (three rows of 44 px by default). */
  skeleton?: { rows?: number; height?: number; gap?: MantineSpacing };
  /** A placeholder shaped like the content, instead of skeleton rows. */
  loading?: ReactNode;
};

type QueryStateProps<T> = LoadTexts & {
  query: QueryLike<T>;
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
  const { query, what, loading, skeleton, isEmpty, empty, children } = props;
  if (query.isPending) {
    return loading ?? <LoadingRows label={props.loadingLabel ?? `Loading ${what}`} {...skeleton} />;
  }
  // A failed refetch (or next page) keeps what was loaded on screen.
  if (query.data === undefined) {
    return (
      <ErrorState
        title={props.errorTitle ?? `Could not load ${what}`}
        error={query.error}
        onRetry={() => void query.refetch()}
        retrying={query.isRefetching}
      />
    );
  }
  if (empty !== undefined && isEmpty?.(query.data)) return empty;
  return children(query.data);
}
