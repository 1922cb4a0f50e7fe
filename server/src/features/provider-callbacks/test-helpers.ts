import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { suppressions } from '../../db/schema/index.js';
import { createSandboxedApp } from '../../test/sandbox.js';
import { request, signUp } from '../../test/factories.js';

export const TWILIO_SID = `AC${'0123456789abcdef'.repeat(2)}`;
export const TWILIO_TOKEN = 'e'.repeat(32);
export const TWILIO_CREDS = { accountSid: TWILIO_SID, authToken: TWILIO_TOKEN };

export interface CreatedIntegration {
  id: string;
  webhook: { urls: Record<string, string> };
}

/**
 * The callback tests' app: a sandboxed app whose provider callbacks (status reports, events,
 * inbound messages) are delivered into it, and an owner to create sandbox integrations with.
 */
export async function createCallbackTestApp() {
  const { t, sandbox } = await createSandboxedApp();
  const owner = await signUp(t.app);

  async function integration(body: Record<string, unknown>): Promise<CreatedIntegration> {
    const res = await request(t.app, owner, 'POST', `/api/v1/orgs/${owner.org.id}/integrations`, {
      sandbox: true,
      ...body,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<CreatedIntegration>();
  }

  const process = () => t.services.webhooks.processPending();

  const suppressionsOf = (orgId: string) =>
    t.database.db
      .select({
        channel: suppressions.channel,
        normalized: suppressions.normalized,
        reason: suppressions.reason,
      })
      .from(suppressions)
      .where(eq(suppressions.orgId, orgId))
      .orderBy(suppressions.normalized);

  return { t, sandbox, owner, integration, process, suppressionsOf };
}
