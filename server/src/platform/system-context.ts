import type { Executor, Tx } from '../db/client.js';
import type { OrgContext } from './tenancy.js';

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
