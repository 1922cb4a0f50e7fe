import type { Executor, Tx } from '../../db/client.js';
import type { Channel } from '../../db/schema/index.js';
import type { OrgContext } from '../../platform/tenancy.js';

/** The contacts channel of a message channel (an SMS goes to a `phone` identity). */
export const contactChannel = (channel: string): Channel =>
  channel === 'sms' ? 'phone' : (channel as Channel);

/** A context for work done by Switchboard itself inside an already open transaction. */
export function systemContext(tx: Executor, orgId: string, name: string): OrgContext {
  return {
    orgId,
    role: 'owner',
    actor: { type: 'system', id: null, name },
    userId: undefined,
    meta: { ip: null, userAgent: null, requestId: `job:${name}` },
    run: (fn) => fn(tx as Tx),
  };
}
