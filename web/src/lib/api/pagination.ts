/** Page size for the web app's cursor-paginated lists. */
export const PAGE_SIZE = 50;

/** TanStack Query `getNextPageParam` for `{ items, nextCursor }` pages. */
export function nextPageCursor(page: { nextCursor: string | null }): string | undefined {
  return page.nextCursor ?? undefined;
}

export function flattenPages<T>(data: { pages: { items: T[] }[] } | undefined): T[] {
  return data?.pages.flatMap((page) => page.items) ?? [];
}
