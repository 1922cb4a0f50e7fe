import { Skeleton, Stack } from '@mantine/core';

/** The placeholder of a list while its first page loads; `label` is announced to screen readers. */
export function LoadingRows({ label, rows = 3 }: { label: string; rows?: number }) {
  return (
    <Stack gap="xs" role="status" aria-label={label}>
      {Array.from({ length: rows }, (_, row) => (
        <Skeleton key={row} height={44} />
      ))}
    </Stack>
  );
}
