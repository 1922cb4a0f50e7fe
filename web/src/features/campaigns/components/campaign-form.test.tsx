import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, mockApi, problem, sentRequests } from '@/test/fetch-mock';
import { renderWithApp } from '@/test/render';
import { CampaignForm } from './campaign-form';

const ORG = 'org-1';
const integration = {
  id: 'int-mail',
  name: 'Mail sandbox',
  provider: 'sendgrid',
  status: 'active',
  settings: {},
};
const templates = [
  { id: 'tpl-welcome', name: 'Welcome', channel: 'email' },
  { id: 'tpl-sms', name: 'Text reminder', channel: 'sms' },
];
const welcome = {
  id: 'tpl-welcome',
  name: 'Welcome',
  channel: 'email',
  current: { variables: [{ name: 'offer', type: 'string', required: true }] },
};

/** The server of a fresh org: one email integration, two templates, one group. */
function mockServer(onSave?: (body: unknown) => Response) {
  mockApi({
    'GET /api/v1/orgs/:orgId/integrations': () => json({ items: [integration] }),
    'GET /api/v1/orgs/:orgId/templates': () => json({ items: templates, nextCursor: null }),
    'GET /api/v1/orgs/:orgId/templates/:templateId': () => json(welcome),
    'GET /api/v1/orgs/:orgId/groups': () =>
      json({ items: [{ id: 'grp-vip', name: 'VIPs', memberCount: 12 }], nextCursor: null }),
    'GET /api/v1/orgs/:orgId/contacts': () => json({ items: [], nextCursor: null }),
    'POST /api/v1/orgs/:orgId/campaigns/audience-preview': () =>
      json({ total: 12, sendable: 10, suppressed: 1, missingIdentity: 1 }),
    'POST /api/v1/orgs/:orgId/campaigns': ({ body }) =>
      onSave?.(body) ?? json({ id: 'cmp-1', name: 'Spring sale', status: 'draft' }, 201),
  });
}

function renderForm() {
  const saved: string[] = [];
  const view = renderWithApp(
    <CampaignForm orgId={ORG} onSaved={(campaign) => saved.push(campaign.id)} />,
  );
  return { ...view, saved };
}

async function choose(
  user: ReturnType<typeof renderForm>['user'],
  field: string,
  option: string | RegExp,
) {
  await user.click(screen.getByRole('combobox', { name: field }));
  await user.click(await screen.findByRole('option', { name: option }));
}

describe('CampaignForm', () => {
  it('says what is missing and saves nothing', async () => {
    mockServer();
    const { user, saved } = renderForm();

    await user.click(screen.getByRole('button', { name: 'Save draft' }));

    expect(await screen.findByText('Give the campaign a name')).toBeInTheDocument();
    expect(screen.getByText('Choose the integration to send through')).toBeInTheDocument();
    expect(screen.getByText('Choose the template to send')).toBeInTheDocument();
    expect(screen.getByText('Choose at least one group or contact')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Name' })).toHaveAttribute('aria-invalid', 'true');
    expect(sentRequests('POST', /campaigns$/)).toHaveLength(0);
    expect(saved).toEqual([]);
  });

  it('offers only templates of the integration’s channel, and asks for required variables', async () => {
    mockServer();
    const { user } = renderForm();

    expect(screen.getByRole('combobox', { name: 'Template' })).toBeDisabled();
    await choose(user, 'Integration', 'Mail sandbox (Email)');
    await user.click(screen.getByRole('combobox', { name: 'Template' }));
    expect(await screen.findByRole('option', { name: 'Welcome (Email)' })).toBeInTheDocument();
    expect(screen.queryByRole('option', { name: /Text reminder/ })).not.toBeInTheDocument();
    await user.click(screen.getByRole('option', { name: 'Welcome (Email)' }));

    const offer = await screen.findByRole('textbox', { name: 'offer' });
    await user.click(screen.getByRole('button', { name: 'Save draft' }));
    expect(
      await screen.findByText('Required by the template: every message would fail without it'),
    ).toBeInTheDocument();
    expect(offer).toHaveAttribute('aria-invalid', 'true');

    await user.type(offer, 'x');
    expect(
      screen.queryByText('Required by the template: every message would fail without it'),
    ).not.toBeInTheDocument();
  });

  it('saves the draft with what was chosen, and shows the live audience count', async () => {
    mockServer();
    const { user, saved } = renderForm();

    await user.type(screen.getByRole('textbox', { name: 'Name' }), '  Spring sale ');
    await choose(user, 'Integration', 'Mail sandbox (Email)');
    await choose(user, 'Template', 'Welcome (Email)');
    await user.type(await screen.findByRole('textbox', { name: 'offer' }), '20% off');
    await choose(user, 'Groups', 'VIPs (12)');

    const counts = await screen.findByRole('region', { name: 'Audience preview' });
    expect(await within(counts).findByRole('group', { name: 'Will be sent: 10' })).toBeVisible();

    await user.click(screen.getByRole('button', { name: 'Save draft' }));

    await waitFor(() => expect(saved).toEqual(['cmp-1']));
    expect(sentRequests('POST', /campaigns$/).map((r) => r.body)).toEqual([
      {
        name: 'Spring sale',
        integrationId: 'int-mail',
        templateId: 'tpl-welcome',
        audience: { groupIds: ['grp-vip'], contactIds: [] },
        variables: { offer: '20% off' },
        scheduledAt: null,
        rateLimitPerSecond: null,
      },
    ]);
  });

  it('puts the server’s field errors next to their fields and the rest above the form', async () => {
    mockServer(() =>
      problem(422, 'validation_failed', 'Some fields are not valid.', [
        { path: 'body.name', message: 'A campaign with this name exists' },
        { path: 'body.audience.groupIds.0', message: 'This group was deleted' },
      ]),
    );
    const { user, saved } = renderForm();

    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'Spring sale');
    await choose(user, 'Integration', 'Mail sandbox (Email)');
    await choose(user, 'Template', 'Welcome (Email)');
    await user.type(await screen.findByRole('textbox', { name: 'offer' }), '20% off');
    await choose(user, 'Groups', 'VIPs (12)');
    await user.click(screen.getByRole('button', { name: 'Save draft' }));

    expect(await screen.findByText('A campaign with this name exists')).toBeInTheDocument();
    expect(screen.getByText('This group was deleted')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Name' })).toHaveAttribute('aria-invalid', 'true');
    expect(saved).toEqual([]);

    await user.type(screen.getByRole('textbox', { name: 'Name' }), ' 2');
    expect(screen.queryByText('A campaign with this name exists')).not.toBeInTheDocument();
  });
});
