import type { Page } from './expect.js';

export type Json = Record<string, unknown>;

/** A same-origin API call from the signed-in page (the session cookie and Origin come along). */
export function callApi<T = Json>(
  page: Page,
  method: string,
  path: string,
  body?: Json,
): Promise<T> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const res = await fetch(path, {
        method,
        headers: body ? { 'content-type': 'application/json' } : {},
        body: body ? JSON.stringify(body) : undefined,
      });
      if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
      return (res.status === 204 ? null : await res.json()) as T;
    },
    { method, path, body },
  );
}

/**
 * An email campaign on the org's sandbox SendGrid integration, set up through the API as the
 * seed does for the demo organization: a template with an unsubscribe link, one contact per
 * address, and a draft campaign to them. Returns the draft's id.
 */
export async function draftEmailCampaign(
  page: Page,
  orgId: string,
  campaign: { name: string; template: string; subject: string; to: [string, string][] },
): Promise<string> {
  const base = `/api/v1/orgs/${orgId}`;
  const integrations = await callApi<{ items: { id: string; provider: string }[] }>(
    page,
    'GET',
    `${base}/integrations`,
  );
  const sendgrid = integrations.items.find((i) => i.provider === 'sendgrid')!;
  const template = await callApi<{ id: string }>(page, 'POST', `${base}/templates`, {
    name: campaign.template,
    channel: 'email',
    subject: campaign.subject,
    body:
      '<p>Hi {{ contact.name }}.</p>' + '<p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p>',
  });
  const contactIds: string[] = [];
  for (const [name, address] of campaign.to) {
    const contact = await callApi<{ id: string }>(page, 'POST', `${base}/contacts`, {
      name,
      identities: [{ channel: 'email', value: address }],
    });
    contactIds.push(contact.id);
  }
  const draft = await callApi<{ id: string }>(page, 'POST', `${base}/campaigns`, {
    name: campaign.name,
    templateId: template.id,
    integrationId: sendgrid.id,
    audience: { groupIds: [], contactIds },
  });
  return draft.id;
}
