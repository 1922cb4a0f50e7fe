import { DataTable, type DataTableProps } from './data-table';
import { PagedList, type PagedListProps } from './paged-list';

export { actionsColumn, dateColumn, nameColumn, type Column } from './data-table';
export type { PagedQuery } from './paged-list';

type PagedTableProps<T> = PagedListProps<T> & Omit<DataTableProps<T>, 'rows' | 'stale'>;

/**
 * A cursor-paginated list as a table: loading, error and empty states, the rows of every loaded
 * page and "Load more" while the server has another. A feature's table is its columns.
 */
export function PagedTable<T>(props: PagedTableProps<T>) {
  const { query, columns, rowKey, rowProps, minWidth, highlightOnHover, dense } = props;
  return (
    <PagedList
      {...props}
      items={(rows) => (
        <DataTable
          rows={rows}
          columns={columns}
          rowKey={rowKey}
          rowProps={rowProps}
          minWidth={minWidth}
          highlightOnHover={highlightOnHover}
          dense={dense}
          stale={query.isPlaceholderData}
        />
      )}
    />
  );
}
