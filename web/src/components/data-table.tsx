import { Anchor, LoadingOverlay, Table, VisuallyHidden, type TableTrProps } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { DateTime } from './date-time';

/** One column of a `DataTable`: its header and what each row shows in it. */
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

/** The row's name, linking to its page. */
export function nameColumn<T extends { name: string }>(href: (row: T) => string): Column<T> {
  return {
    key: 'name',
    header: 'Name',
    cell: (row) => (
      <Anchor component={Link} to={href(row)} fw={500} size="sm">
        {row.name}
      </Anchor>
    ),
  };
}

/** A point in time, "3 days ago" unless `exact`. */
export function dateColumn<T>(
  key: string,
  header: string,
  value: (row: T) => string,
  { exact = false }: { exact?: boolean } = {},
): Column<T> {
  return { key, header, cell: (row) => <DateTime value={value(row)} relative={!exact} /> };
}

export type DataTableProps<T> = {
  rows: T[];
  /** What tells rows apart: by default their `id`; rows without one must give it. */
  rowKey?: (row: T) => string;
  /** `false` entries are left out, for columns shown only to some roles. */
  columns: (Column<T> | false)[];
  rowProps?: (row: T) => TableTrProps;
  /** Below it the table scrolls sideways instead of squeezing its columns. */
  minWidth: number;
  highlightOnHover?: boolean;
  /** Tight, striped rows, for logs. */
  dense?: boolean;
  /** Rows of a previous filter, shown under an overlay while the new ones load. */
  stale?: boolean;
};

/** Rows as a table, one cell per column. */
export function DataTable<T>(props: DataTableProps<T>) {
  const { rows, rowProps, minWidth, highlightOnHover = true, dense } = props;
  const rowKey = props.rowKey ?? ((row: T) => (row as { id: string }).id);
  const columns = props.columns.filter((column) => column !== false);
  return (
    <Table.ScrollContainer minWidth={minWidth} pos="relative">
      <LoadingOverlay visible={props.stale ?? false} zIndex={1} />
      <Table
        verticalSpacing={dense ? 'xs' : 'sm'}
        striped={dense}
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
  );
}
