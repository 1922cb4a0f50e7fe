import Fastify, { type FastifyInstance } from 'fastify';
import {
  createContext,
  DEFAULT_KNOBS,
  type Deliver,
  type Knobs,
  type SandboxContext,
} from './context.js';
import { instagramEmulator } from './instagram.js';
import type { SandboxStore } from './store.js';
import { sendgridEmulator } from './sendgrid.js';
import { telegramEmulator } from './telegram.js';
import { twilioEmulator } from './twilio.js';

export {
  DEFAULT_KNOBS,
  type Deliver,
  type Delivery,
  type Knobs,
  type SandboxContext,
  type SandboxEmail,
} from './context.js';
export { twilioSignature } from './twilio.js';
export {
  createStore,
  fileBackend,
  memoryBackend,
  volatileStore,
  type SandboxStore,
} from './store.js';

/**
 * The provider sandbox: emulators of the parts of each provider's HTTP API Switchboard uses,
 * under `/sendgrid`, `/twilio`, `/telegram`, `/instagram` (each the provider's base URL), plus
 * `GET|PUT /_knobs`. Mount it in an app (`registerSandbox(app, ctx)` inside a prefix) or run it
 * standalone (`startSandbox()`).
 */
export async function registerSandbox(app: FastifyInstance, ctx: SandboxContext) {
  app.get('/_knobs', async () => ctx.knobs);
  app.put<{ Body: Partial<Knobs> }>('/_knobs', async (request, reply) => {
    const body = request.body ?? {};
    for (const [name, value] of Object.entries(body)) {
      if (!(name in DEFAULT_KNOBS) || typeof value !== 'number' || !(value >= 0)) {
        return reply.status(400).send({ error: `invalid knob ${name}` });
      }
      ctx.knobs[name as keyof Knobs] = value;
    }
    return ctx.knobs;
  });
  await app.register(sendgridEmulator(ctx), { prefix: '/sendgrid' });
  await app.register(twilioEmulator(ctx), { prefix: '/twilio' });
  await app.register(telegramEmulator(ctx), { prefix: '/telegram' });
  await app.register(instagramEmulator(ctx), { prefix: '/instagram' });
}

export interface RunningSandbox {
  url: string;
  ctx: SandboxContext;
  close(): Promise<void>;
}

/**
 * A standalone sandbox on a free loopback port (tests, benchmarks). It forgets everything when
 * closed unless given a `store`.
 */
export async function startSandbox(
  opts: { knobs?: Partial<Knobs>; deliver?: Deliver; store?: SandboxStore } = {},
): Promise<RunningSandbox> {
  const ctx = createContext(opts);
  const app = Fastify({ logger: false });
  await registerSandbox(app, ctx);
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: address,
    ctx,
    async close() {
      ctx.close();
      await app.close();
    },
  };
}

export { createContext };
