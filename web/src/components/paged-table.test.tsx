import { Button, Text } from '@mantine/core';
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { api, unwrap } from '@/lib/api/client';
import { nextPageCursor } from '@/lib/api/pagination';
import { json, mockApi, problem, sentRequests } from '@/test/fetch-mock';
import { renderWithApp } from '@/test/render';
import { actionsColumn, PagedTable } from './paged-table';

type Row = { id: string; name: string };

function useRows() {
  return useInfiniteQuery(
    infiniteQueryOptions({
      queryKey: ['rows'],
      queryFn: ({ pageParam }) =>
        unwrap(
          api.GET('/api/v1/orgs/{orgId}/templates', {
            params: { path: { orgId: 'org-1' }, query: { cursor: pageParam } },
          }),
        ) as Promise<unknown> as Promise<{ items: Row[]; nextCursor: string | null }>,
      initialPageParam: undefined as string | undefined,
      getNextPageParam: nextPageCursor,
    }),
  );
}

function RowsTable({ only }: { only?: (row: Row) => boolean }) {
  const query = useRows();
  return (
    <PagedTable
      query={query}
      columns={[
        { key: 'name', header: 'Name', cell: (row) => row.name },
        actionsColumn<Row>((row) => <Button aria-label={`Open ${row.name}`}>Open</Button>),
      ]}
      rowKey={(row) => row.id}
      filter={only}
      loadingLabel="Loading rows"
      errorTitle="Could not load rows"
      empty={<Text>No rows yet</Text>}
      minWidth={400}
    />
  );
}

const page = (names: string[], nextCursor: string | null = null) => ({
  items: names.map((name) => ({ id: name, name })),
  nextCursor,
});

describe('PagedTable', () => {
  it('shows a loading status, then one row per item with its columns', async () => {
    mockApi({ 'GET /api/v1/orgs/:orgId/templates': () => json(page(['Alpha', 'Beta'])) });
    renderWithApp(<RowsTable />);
    expect(screen.getByRole('status', { name: 'Loading rows' })).toBeInTheDocument();

    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row');
    expect(rows.map((row) => row.textContent)).toEqual(['NameActions', 'AlphaOpen', 'BetaOpen']);
    expect(screen.getByRole('button', { name: 'Open Beta' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
  });

  it('loads the next page with the cursor the server gave, until there is none', async () => {
    mockApi({
      'GET /api/v1/orgs/:orgId/templates': ({ query }) =>
        json(query.get('cursor') === 'c2' ? page(['Gamma']) : page(['Alpha', 'Beta'], 'c2')),
    });
    const { user } = renderWithApp(<RowsTable />);

    await user.click(await screen.findByRole('button', { name: 'Load more' }));

    expect(await screen.findByText('Gamma')).toBeInTheDocument();
    expect(screen.getByText('Alpha')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
    expect(sentRequests('GET').map((r) => r.query.get('cursor'))).toEqual([null, 'c2']);
  });

  it('shows the empty state when no row is left to show, and keeps paging', async () => {
    mockApi({ 'GET /api/v1/orgs/:orgId/templates': () => json(page(['Alpha'], 'c2')) });
    renderWithApp(<RowsTable only={(row) => row.name !== 'Alpha'} />);

    expect(await screen.findByText('No rows yet')).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Load more' })).toBeInTheDocument();
  });

  it('shows a failed load with its request id, and a retry that can succeed', async () => {
    let fail = true;
    mockApi({
      'GET /api/v1/orgs/:orgId/templates': () =>
        fail ? problem(500, 'internal', 'The server had a problem.') : json(page(['Alpha'])),
    });
    const { user } = renderWithApp(<RowsTable />);

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not load rows');
    expect(alert).toHaveTextContent('The server had a problem.');
    expect(alert).toHaveTextContent('Request id: req-internal');

    fail = false;
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Alpha')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
