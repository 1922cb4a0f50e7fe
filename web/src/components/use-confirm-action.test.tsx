import { Button } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { api, expectNoContent } from '@/lib/api/client';
import { mockApi, problem, sentRequests } from '@/test/fetch-mock';
import { renderWithApp } from '@/test/render';
import { useConfirmAction } from './use-confirm-action';

type Item = { id: string; name: string };

function DeleteButtons({ items }: { items: Item[] }) {
  const [deleted, setDeleted] = useState<string[]>([]);
  const mutation = useMutation({
    mutationFn: (templateId: string) =>
      expectNoContent(
        api.DELETE('/api/v1/orgs/{orgId}/templates/{templateId}', {
          params: { path: { orgId: 'org-1', templateId } },
        }),
      ),
  });
  const remove = useConfirmAction({
    mutation,
    variables: (item: Item) => item.id,
    title: (item) => `Delete ${item.name}?`,
    confirmLabel: 'Delete it',
    message: (item) => <>{item.name} is gone for good.</>,
    onDone: (_, item) => setDeleted((previous) => [...previous, item.name]),
  });
  return (
    <>
      {items.map((item) => (
        <Button key={item.id} onClick={() => remove.ask(item)}>
          Delete {item.name}
        </Button>
      ))}
      <p>Deleted: {deleted.join(', ') || 'nothing'}</p>
      {remove.dialog}
    </>
  );
}

const items = [
  { id: 't1', name: 'Welcome' },
  { id: 't2', name: 'Reminder' },
];

describe('useConfirmAction', () => {
  it('runs nothing until confirmed, then runs it for the asked item and closes', async () => {
    mockApi({
      'DELETE /api/v1/orgs/:orgId/templates/:templateId': () => new Response(null, { status: 204 }),
    });
    const { user } = renderWithApp(<DeleteButtons items={items} />);

    await user.click(screen.getByRole('button', { name: 'Delete Reminder' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete Reminder?' });
    expect(dialog).toHaveTextContent('Reminder is gone for good.');
    expect(sentRequests()).toHaveLength(0);

    await user.click(within(dialog).getByRole('button', { name: 'Delete it' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(screen.getByText('Deleted: Reminder')).toBeInTheDocument();
    expect(sentRequests('DELETE').map((r) => r.params.templateId)).toEqual(['t2']);
  });

  it('cancelling sends nothing', async () => {
    mockApi({});
    const { user } = renderWithApp(<DeleteButtons items={items} />);

    await user.click(screen.getByRole('button', { name: 'Delete Welcome' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete Welcome?' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(screen.getByText('Deleted: nothing')).toBeInTheDocument();
  });

  it('keeps the dialog open with the failure in place, and forgets it when asked again', async () => {
    mockApi({
      'DELETE /api/v1/orgs/:orgId/templates/:templateId': () =>
        problem(409, 'template_in_use', 'A scheduled campaign uses this template.'),
    });
    const { user } = renderWithApp(<DeleteButtons items={items} />);

    await user.click(screen.getByRole('button', { name: 'Delete Welcome' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete Welcome?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete it' }));

    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'A scheduled campaign uses this template.',
    );
    expect(screen.getByText('Deleted: nothing')).toBeInTheDocument();

    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await user.click(screen.getByRole('button', { name: 'Delete Reminder' }));
    const again = await screen.findByRole('dialog', { name: 'Delete Reminder?' });
    expect(within(again).queryByRole('alert')).not.toBeInTheDocument();
  });
});
