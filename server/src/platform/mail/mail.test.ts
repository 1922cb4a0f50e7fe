import { createServer, type Socket } from 'node:net';
import { desc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxMail } from '../../db/schema/index.js';
import { createTestApp, startJobQueue } from '../../test/app.js';
import {
  createSandboxMailTransport,
  createSendGridTransport,
  createSmtpTransport,
  type MailMessage,
  type MailTransport,
} from './index.js';

/** A transport that records what it was asked to send, failing the first `failures` times. */
function fakeTransport(failures = 0) {
  const sent: (MailMessage & { from: string })[] = [];
  let left = failures;
  const transport: MailTransport = {
    kind: 'smtp',
    send(message) {
      if (left-- > 0) return Promise.reject(new Error('SMTP 451 try again later'));
      sent.push(message);
      return Promise.resolve();
    },
  };
  return { transport, sent };
}

const fake = fakeTransport(1);
const t = await createTestApp({ env: { SANDBOX: 'true' }, mailTransport: fake.transport });
const sandboxed = await createTestApp({ env: { SANDBOX: 'true' }, mailTransport: 'configured' });
const off = await createTestApp({ env: { SANDBOX: 'false' } });
beforeAll(async () => {
  await startJobQueue(t.services);
  await startJobQueue(off.services);
});

/** Works every waiting platform-mail job once, as a worker would (a failure is rethrown). */
async function workMailJobs(services: typeof t.services) {
  const job = services.mail.module.jobs![0]!;
  const jobs = await services.jobs.boss.fetch(job.name, { batchSize: 10 });
  for (const j of jobs) {
    await job.handler(job.schema.parse(j.data), { id: j.id, retryCount: 0 });
    await services.jobs.boss.complete(job.name, j.id);
  }
  return jobs;
}

const message = {
  to: 'new.user@example.com',
  subject: 'You are invited',
  text: 'Accept: http://localhost:3000/invite/secret-token',
};

describe('platform mail', () => {
  it('queues in the caller’s transaction: a rolled-back one sends nothing', async () => {
    await t.database.db
      .transaction(async (tx) => {
        await t.services.mail.send(message, { purpose: 'test', tx });
        throw new Error('rollback');
      })
      .catch(() => {});
    expect(await workMailJobs(t.services)).toHaveLength(0);
  });

  it('sends from a job with the configured From; a transport failure is retried', async () => {
    expect(await t.services.mail.send(message, { purpose: 'test' })).toBe(true);
    const job = t.services.mail.module.jobs![0]!;
    const [queued] = await t.services.jobs.boss.fetch(job.name);
    // The queued row never holds the link in the clear (job rows are archived).
    expect(JSON.stringify(queued!.data)).not.toContain('secret-token');
    const run = () =>
      job.handler(job.schema.parse(queued!.data), { id: queued!.id, retryCount: 0 });
    await expect(run()).rejects.toThrow('451');
    await run();
    expect(fake.sent).toEqual([{ ...message, from: 'Switchboard <no-reply@localhost>' }]);
  });

  it('without a transport queues nothing and reports mail as unavailable', async () => {
    expect(off.services.mail.availability).toEqual({ enabled: false, sandbox: false });
    expect(await off.services.mail.send(message, { purpose: 'test' })).toBe(false);
    expect(await workMailJobs(off.services)).toHaveLength(0);
  });

  it('the sandbox transport keeps each mail in the database', async () => {
    expect(sandboxed.services.mail.availability).toEqual({ enabled: true, sandbox: true });
    const transport = createSandboxMailTransport(sandboxed.database.db);
    await transport.send({
      ...message,
      from: 'Switchboard <no-reply@localhost>',
      html: '<p>Hi</p>',
    });
    const [row] = await sandboxed.database.db
      .select()
      .from(sandboxMail)
      .orderBy(desc(sandboxMail.id))
      .limit(1);
    expect(row).toMatchObject({
      toAddress: message.to,
      subject: message.subject,
      text: message.text,
      html: '<p>Hi</p>',
    });
  });
});

describe('SMTP transport (nodemailer) against an in-process SMTP server', () => {
  const received: { from: string; to: string[]; data: string }[] = [];
  const server = createServer((socket: Socket) => {
    let buffer = '';
    let inData = false;
    let current = { from: '', to: [] as string[], data: '' };
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply('220 test ESMTP');
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          current.data = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          received.push(current);
          current = { from: '', to: [], data: '' };
          reply('250 queued');
          continue;
        }
        const nl = buffer.indexOf('\r\n');
        if (nl < 0) return;
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'MAIL') current.from = line;
        if (verb === 'RCPT') current.to.push(line);
        if (verb === 'DATA') inData = true;
        reply(verb === 'DATA' ? '354 go ahead' : verb === 'QUIT' ? '221 bye' : '250 ok');
        if (verb === 'QUIT') socket.end();
      }
    });
  });
  let port = 0;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('delivers text and HTML to the recipient from MAIL_FROM', async () => {
    const transport = createSmtpTransport(`smtp://127.0.0.1:${port}`);
    await transport.send({
      ...message,
      html: '<p>Accept</p>',
      from: 'Switchboard <sb@example.com>',
    });
    expect(received).toHaveLength(1);
    expect(received[0]!.from).toContain('<sb@example.com>');
    expect(received[0]!.to.join()).toContain('<new.user@example.com>');
    expect(received[0]!.data).toContain('Subject: You are invited');
    expect(received[0]!.data).toContain('<p>Accept</p>');
  });
});

describe('SendGrid transport (platform key)', () => {
  it('posts v3 mail/send with the key and fails on a non-2xx answer without echoing it', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    let status = 202;
    const transport = createSendGridTransport({
      apiKey: 'SG.test.key',
      baseUrl: 'http://sendgrid.test',
      fetch: (url, init) => {
        calls.push({ url: String(url), init: init! });
        return Promise.resolve(
          new Response(status === 202 ? null : 'bad key SG.test.key', { status }),
        );
      },
    });
    await transport.send({ ...message, from: 'sb@example.com' });
    expect(calls[0]!.url).toBe('http://sendgrid.test/v3/mail/send');
    expect(new Headers(calls[0]!.init.headers).get('authorization')).toBe('Bearer SG.test.key');
    expect(JSON.parse(String(calls[0]!.init.body))).toMatchObject({
      personalizations: [{ to: [{ email: message.to }] }],
      subject: message.subject,
    });
    status = 401;
    const failure = await transport
      .send({ ...message, from: 'sb@example.com' })
      .catch((e: Error) => e);
    expect(String(failure)).toContain('401');
    expect(String(failure)).not.toContain('SG.test.key');
  });
});
