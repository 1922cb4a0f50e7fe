import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { volatileStore, type SandboxStore } from './store.js';

/** Behaviour knobs, shared by every emulator; changed at run time via `PUT /sandbox/_knobs`. */
export interface Knobs {
  /** Added to every API response. */
  latencyMs: number;
  /** Share (0–1) of API calls answered with a 503 in the provider's error format. */
  failureRate: number;
  /** Share (0–1) of API calls answered 429 with `Retry-After: retryAfterSeconds`. */
  rateLimitRate: number;
  retryAfterSeconds: number;
  /** Delay before each callback (status, event, inbound) is delivered. */
  callbackDelayMs: number;
  /** Share (0–1) of callbacks silently dropped. */
  callbackLossRate: number;
  /**
   * Sends allowed per second (0: unlimited), as a token bucket holding one second's worth: beyond
   * it a send is answered 429 with `Retry-After`, like a provider's account limit.
   */
  allowancePerSecond: number;
  /**
   * Share (0–1) of sends that are accepted (stored, delivered, called back) but answered 500: the
   * provider failed after taking the message. Only a lookup can tell it went out.
   */
  acceptThenFailRate: number;
}

export const DEFAULT_KNOBS: Knobs = {
  latencyMs: 0,
  failureRate: 0,
  rateLimitRate: 0,
  retryAfterSeconds: 2,
  callbackDelayMs: 0,
  callbackLossRate: 0,
  allowancePerSecond: 0,
  acceptThenFailRate: 0,
};

export interface Delivery {
  /** POST (callbacks) unless said otherwise; Meta's verification handshake is a GET. */
  method?: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** How callbacks leave the sandbox: HTTP by default; tests may hand them to `app.inject`. */
export type Deliver = (delivery: Delivery) => Promise<{ status: number; body?: string }>;

export const httpDeliver: Deliver = async ({ method = 'POST', url, headers, body }) => {
  const res = await fetch(url, {
    method,
    headers,
    ...(method === 'POST' && { body }),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: res.status, body: await res.text() };
};

/** An email the SendGrid emulator accepted, as the recipient's mailbox would see it. */
export interface SandboxEmail {
  to: string;
  subject: string;
  html: string | undefined;
  text: string | undefined;
  /** The request's headers (top level, then the personalization's), e.g. `List-Unsubscribe`. */
  headers: Record<string, string>;
}

/** Most emails kept in `emails` (oldest dropped first): benchmarks send hundreds of thousands. */
export const MAX_KEPT_EMAILS = 1000;

export interface SandboxContext {
  knobs: Knobs;
  /** What the emulators keep across restarts (registrations, message records, counters). */
  store: SandboxStore;
  /** One request to our server now, with its answer (a handshake, not a callback: no knobs). */
  call: Deliver;
  /** Sends a callback after the configured delay, unless the loss knob drops it. */
  callback(delivery: Delivery, extraDelayMs?: number): void;
  /** Resolves when every scheduled callback has been delivered (or dropped). */
  idle(): Promise<void>;
  /** Every callback delivered so far, with the receiver's status (for tests and the UI). */
  delivered: (Delivery & { status: number })[];
  /** Takes one send from the allowance; false when it is used up (answer 429). */
  allow(): boolean;
  /** Sends answered 429 because of the allowance (benchmarks assert zero). */
  readonly throttled: number;
  /** Accepted sends per emulator (`sendgrid`, `twilio`, …), for tests and benchmarks. */
  accepted: Record<string, number>;
  /** The latest emails accepted by the SendGrid emulator (at most MAX_KEPT_EMAILS). */
  emails: SandboxEmail[];
  /** Whether this accepted send should be answered 500 anyway (the acceptThenFailRate knob). */
  failAfterAccept(): boolean;
  close(): void;
}

export function createContext(
  opts: { knobs?: Partial<Knobs>; deliver?: Deliver; store?: SandboxStore } = {},
): SandboxContext {
  const knobs = { ...DEFAULT_KNOBS, ...opts.knobs };
  const deliver = opts.deliver ?? httpDeliver;
  const store = opts.store ?? volatileStore();
  const pending = new Set<Promise<void>>();
  const timers = new Set<NodeJS.Timeout>();
  const delivered: SandboxContext['delivered'] = [];
  let closed = false;
  let tokens = 0;
  let refilledAt = 0;
  let throttled = 0;
  return {
    knobs,
    store,
    call: (delivery) => deliver(delivery),
    delivered,
    accepted: {},
    emails: [],
    get throttled() {
      return throttled;
    },
    allow() {
      const rate = knobs.allowancePerSecond;
      if (!rate) return true;
      const now = performance.now();
      tokens =
        refilledAt === 0 ? rate : Math.min(rate, tokens + ((now - refilledAt) / 1000) * rate);
      refilledAt = now;
      if (tokens >= 1) {
        tokens -= 1;
        return true;
      }
      throttled += 1;
      return false;
    },
    failAfterAccept() {
      return Math.random() < knobs.acceptThenFailRate;
    },
    callback(delivery, extraDelayMs = 0) {
      if (closed || Math.random() < knobs.callbackLossRate) return;
      const done = new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          deliver(delivery)
            .then((r) => void delivered.push({ ...delivery, status: r.status }))
            .catch(() => void delivered.push({ ...delivery, status: 0 }))
            .finally(resolve);
        }, knobs.callbackDelayMs + extraDelayMs);
        timers.add(timer);
      });
      pending.add(done);
      void done.then(() => pending.delete(done));
    },
    async idle() {
      while (pending.size) await Promise.all([...pending]);
    },
    close() {
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      store.flush();
    },
  };
}

/**
 * Applies the latency / failure / 429 knobs to an emulator's API routes. `fail` writes the error
 * in the provider's own format.
 */
export function applyKnobs(
  app: FastifyInstance,
  ctx: SandboxContext,
  fail: (reply: FastifyReply, status: 429 | 503) => FastifyReply,
) {
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.url.includes('/_')) return;
    if (ctx.knobs.latencyMs > 0) await new Promise((r) => setTimeout(r, ctx.knobs.latencyMs));
    const limited = request.method === 'POST' && !ctx.allow();
    if (limited || Math.random() < ctx.knobs.rateLimitRate) {
      reply.header('Retry-After', String(limited ? 1 : ctx.knobs.retryAfterSeconds));
      return fail(reply, 429);
    }
    if (Math.random() < ctx.knobs.failureRate) return fail(reply, 503);
  });
}

export const randomId = (bytes = 16) => randomBytes(bytes).toString('hex');

/** Message records an emulator keeps for lookups (oldest dropped first), in memory and on disk. */
export const MAX_KEPT_MESSAGES = 10_000;

/** Drops the oldest entries of a Map (insertion order) beyond `max`. */
export function trimOldest(map: Map<string, unknown>, max = MAX_KEPT_MESSAGES) {
  for (const key of map.keys()) {
    if (map.size <= max) return;
    map.delete(key);
  }
}

/** Form bodies (Twilio) arrive as strings; JSON is parsed by Fastify as usual. */
export function acceptForms(app: FastifyInstance) {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );
}
