import { Skeleton, Stack, type MantineSpacing } from '@mantine/core';

type LoadingRowsProps = { label: string; rows?: number; height?: number; gap?: MantineSpacing };

/** The placeholder of a list while its first page loads; `label` is announced to screen readers. */
export function LoadingRows({ label, rows = 3, height = 44, gap = 'xs' }: LoadingRowsProps) {
  return (
    <Stack gap={gap} role="status" aria-label={label}>
      {Array.from({ length: rows }, (_, row) => (
        <Skeleton key={row} height={height} />
      ))}
    </Stack>
  );
}
