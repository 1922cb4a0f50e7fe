import { infiniteQueryOptions, type QueryKey } from '@tanstack/react-query';

/** Page size for the web app's cursor-paginated lists. */
export const PAGE_SIZE = 50;

/** TanStack Query `getNextPageParam` for `{ items, nextCursor }` pages. */
export function nextPageCursor(page: { nextCursor: string | null }): string | undefined {
  return page.nextCursor ?? undefined;
}

export function flattenPages<T>(data: { pages: { items: T[] }[] } | undefined): T[] {
  return data?.pages.flatMap((page) => page.items) ?? [];
}

/** The options of a cursor-paginated list: `fetchPage` reads the page after `cursor`. */
export function pagedQueryOptions<Page extends { nextCursor: string | null }, Key extends QueryKey>(
  queryKey: Key,
  fetchPage: (cursor: string | undefined) => Promise<Page>,
) {
  return infiniteQueryOptions({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: nextPageCursor,
  });
}
