import type { Logger } from 'pino';
import { z } from 'zod';
import type { Db, Executor } from '../../db/client.js';
import type { KeyRing } from '../crypto/fernet.js';
import { defineJob, type JobQueue } from '../jobs/registry.js';
import { defineModule } from '../module.js';
import {
  createSandboxMailTransport,
  createSendGridTransport,
  createSmtpTransport,
  noMailTransport,
  type MailMessage,
  type MailTransport,
} from './transport.js';

export * from './transport.js';
export { composeMail, type MailContent } from './compose.js';

/** The configured way out, from `Config.mail` (config.ts). */
export type MailSettings =
  | { transport: 'smtp'; url: string; from: string }
  | { transport: 'sendgrid'; apiKey: string; from: string }
  | { transport: 'sandbox'; from: string }
  | { transport: 'none'; from: string };

export function createMailTransport(settings: MailSettings, db: Db): MailTransport {
  switch (settings.transport) {
    case 'smtp':
      return createSmtpTransport(settings.url);
    case 'sendgrid':
      return createSendGridTransport({ apiKey: settings.apiKey });
    case 'sandbox':
      return createSandboxMailTransport(db);
    case 'none':
      return noMailTransport;
  }
}

/** What the web app needs to choose between "emailed" and the copy-link fallback. */
export interface MailAvailability {
  enabled: boolean;
  sandbox: boolean;
}

const MailJobPayload = z.object({
  /** The whole message, Fernet-sealed: job rows are kept (archive) and carry links with tokens. */
  sealed: z.string().min(1),
  /** For the log: what kind of mail this is (`invitation`, `password_reset`, …). */
  purpose: z.string().min(1).max(64),
});

export interface PlatformMail {
  readonly availability: MailAvailability;
  /**
   * Queues one email; with `tx`, in the caller's transaction, so it leaves only if that commits.
   * Returns false (and queues nothing) when no transport is configured.
   */
  send(message: MailMessage, opts: { purpose: string; tx?: Executor }): Promise<boolean>;
  readonly module: ReturnType<typeof defineModule>;
}

/**
 * Platform mail (decision 032): transactional email of the platform itself, sent by a job so a
 * slow or failing transport never holds a request, and retried with backoff. The log names the
 * purpose and the job, never the recipient's link or the body.
 */
export function createPlatformMail(deps: {
  transport: MailTransport;
  from: string;
  queue: JobQueue;
  secrets: KeyRing;
  logger: Logger;
}): PlatformMail {
  const job = defineJob({
    name: 'platform-mail.send',
    schema: MailJobPayload,
    retry: { limit: 8, delaySeconds: 30, maxDelaySeconds: 3600 },
    workers: 2,
    handler: async ({ sealed, purpose }, { id, retryCount }) => {
      const message = JSON.parse(deps.secrets.decryptString(sealed)) as MailMessage;
      try {
        await deps.transport.send({ ...message, from: deps.from });
      } catch (err) {
        deps.logger.warn(
          { job: id, purpose, retryCount, transport: deps.transport.kind, err: String(err) },
          'platform mail not sent; will retry',
        );
        throw err;
      }
      deps.logger.info({ job: id, purpose, transport: deps.transport.kind }, 'platform mail sent');
    },
  });
  const enabled = deps.transport.kind !== 'none';
  return {
    availability: { enabled, sandbox: deps.transport.kind === 'sandbox' },
    async send(message, opts) {
      if (!enabled) return false;
      const sealed = deps.secrets.encryptString(JSON.stringify(message));
      await deps.queue.enqueue(
        job,
        { sealed, purpose: opts.purpose },
        opts.tx ? { tx: opts.tx } : {},
      );
      return true;
    },
    module: defineModule({ name: 'platform-mail', jobs: [job] }),
  };
}
