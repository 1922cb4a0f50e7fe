import { Button, Center } from '@mantine/core';

type LoadMoreButtonProps = {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  onLoadMore: () => void;
};

/** "Load more" for cursor-paginated lists; renders nothing on the last page. */
export function LoadMoreButton({
  hasNextPage,
  isFetchingNextPage,
  onLoadMore,
}: LoadMoreButtonProps) {
  if (!hasNextPage) return null;
  return (
    <Center>
      <Button variant="default" onClick={onLoadMore} loading={isFetchingNextPage}>
        Load more
      </Button>
    </Center>
  );
}
