import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { generateFernetKey, KeyRing } from './platform/crypto/fernet.js';

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('localhost'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  FERNET_KEYS: z.string().min(1).optional(),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /**
   * Unsubscribe-link keys, comma-separated: the first signs new links, all verify (decision 031).
   * Default: SESSION_SECRET, the key of every link sent before this setting existed.
   */
  UNSUBSCRIBE_KEYS: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().min(32, 'each key must be at least 32 characters')).min(1))
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: booleanFromEnv.default(false),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Anyone may sign up and create an organization; `false`: only through an invitation. */
  SIGNUP_OPEN: booleanFromEnv.default(true),
  /** The provider sandbox (emulators under /sandbox): default on in embedded mode only. */
  SANDBOX: booleanFromEnv.optional(),
  /** Where adapters reach the sandbox; default `${PUBLIC_URL}/sandbox`. */
  SANDBOX_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Production only: accept an http:// PUBLIC_URL (e.g. behind a TLS-terminating proxy on a private network). */
  ALLOW_INSECURE_PUBLIC_URL: booleanFromEnv.default(false),
  /** Bearer token for GET /metrics; in production /metrics is off without it. */
  METRICS_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Where provider callbacks wait while the database is unreachable; default DATA_DIR/callback-spool. */
  CALLBACK_SPOOL_DIR: z.string().min(1).optional(),
  /** The most a server process keeps in its callback spool; beyond it callbacks get 503. */
  CALLBACK_SPOOL_MAX_MB: z.coerce.number().positive().max(1_048_576).default(256),
  /** A message still `sent` this long after sending is polled at the provider (or flagged). */
  STATUS_POLL_AFTER_MINUTES: z.coerce.number().int().min(1).max(10_080).default(30),
  /**
   * A send claim's lease: renewed by the live worker's heartbeat, so this is how long a dead
   * worker's claims wait before they are reconciled (plus the 2 s lease sweep).
   */
  SEND_LEASE_SECONDS: z.coerce.number().int().min(4).max(600).default(8),
  /** Callback and provider-event logs older than this are deleted in batches (docs/operations.md). */
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3_650).default(90),
  /** Hour and day monitoring rollups older than this are deleted (minute ones follow RETENTION_DAYS). */
  ROLLUP_RETENTION_DAYS: z.coerce.number().int().min(1).max(3_650).default(730),
  /** How often alert rules are evaluated (one evaluation per rule per interval). */
  ALERT_EVALUATION_SECONDS: z.coerce.number().int().min(5).max(3_600).default(60),
  /** Label provider metrics by org: one series per org and provider (docs/operations.md). */
  METRICS_ORG_LABEL: booleanFromEnv.default(false),
  /** Platform mail over SMTP (decision 032): `smtp://user:pass@host:587` or `smtps://…:465`. */
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
  /** Platform mail through SendGrid with the platform's own API key (instead of SMTP_URL). */
  PLATFORM_SENDGRID_API_KEY: z
    .string()
    .regex(/^SG\.[\w-]+\.[\w-]+$/, 'must be a SendGrid API key (SG.….…)')
    .optional(),
  /** The From of platform mail, e.g. `Switchboard <no-reply@example.com>`. */
  MAIL_FROM: z.string().min(3).max(320).optional(),
  /** Template worker threads (default: available parallelism). */
  TEMPLATE_RENDER_THREADS: z.coerce.number().int().min(1).max(64).optional(),
  /** Interactive template tasks that may wait for a thread (default: 8 per thread). */
  TEMPLATE_RENDER_QUEUE: z.coerce.number().int().min(0).max(10_000).optional(),
  /** Interactive template tasks one org may have in flight. */
  TEMPLATE_RENDER_PER_ORG: z.coerce.number().int().min(1).max(1_000).default(4),
  /** Time budget of one render of one template part for a user's request, in ms. */
  TEMPLATE_RENDER_BUDGET_MS: z.coerce.number().int().min(10).max(10_000).default(100),
  /** The same for the send pipeline's renders. */
  TEMPLATE_SEND_RENDER_BUDGET_MS: z.coerce.number().int().min(10).max(60_000).default(1_000),
});

export type Env = z.infer<typeof EnvSchema>;

export interface Config {
  readonly env: Env['NODE_ENV'];
  readonly isProduction: boolean;
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** Absent means the embedded database (PGlite) in `dataDir`. */
  readonly databaseUrl: string | undefined;
  readonly publicUrl: string;
  /** Cookies get `Secure` and the `__Host-` prefix: production, or served over https. */
  readonly secureCookies: boolean;
  readonly fernetKeys: readonly string[];
  readonly sessionSecret: string;
  /** Unsubscribe-link key ring: the first signs, every one verifies. */
  readonly unsubscribeKeys: readonly string[];
  readonly logLevel: Env['LOG_LEVEL'];
  readonly trustProxy: boolean;
  readonly dbPoolSize: number;
  /** Sign-up without an invitation is allowed. */
  readonly signupOpen: boolean;
  /** The provider sandbox is mounted and `sandbox: true` integrations are accepted. */
  readonly sandbox: boolean;
  readonly sandboxUrl: string;
  readonly statusPollAfterMinutes: number;
  readonly sendLeaseMs: number;
  readonly retentionDays: number;
  readonly rollupRetentionDays: number;
  readonly alertEvaluationSeconds: number;
  /** The provider metrics carry an `org` label. */
  readonly metricsOrgLabel: boolean;
  /** The callback spool (see docs/operations.md, "Callback spool"). */
  readonly callbackSpool: { readonly dir: string; readonly maxBytes: number };
  /**
   * Where platform mail goes: SMTP, the platform's SendGrid key, the sandbox mailbox (sandbox
   * on and neither set), or nowhere (the UI falls back to copy-links).
   */
  readonly mail:
    | { readonly transport: 'smtp'; readonly url: string; readonly from: string }
    | { readonly transport: 'sendgrid'; readonly apiKey: string; readonly from: string }
    | { readonly transport: 'sandbox' | 'none'; readonly from: string };
  /** The template worker pool's bounds (features/templates/renderer.ts). */
  readonly templateRendering: {
    readonly threads: number | undefined;
    readonly queue: number | undefined;
    readonly perOrg: number;
    readonly budgetMs: number;
    readonly sendBudgetMs: number;
  };
  /**
   * Who may read GET /metrics: `open` (development and tests), `token` (a bearer token), or
   * `off` (production without METRICS_TOKEN: not served).
   */
  readonly metrics: { access: 'open' } | { access: 'token'; token: string } | { access: 'off' };
}

export class ConfigError extends Error {}

interface GeneratedSecrets {
  fernetKeys: string[];
  sessionSecret: string;
}

/**
 * Embedded mode must start with zero setup, so missing secrets are generated once and kept in
 * DATA_DIR (mode 0600). Production must never invent keys: a restart would make every stored
 * secret unreadable.
 */
function loadOrCreateEmbeddedSecrets(dataDir: string, warn: (msg: string) => void) {
  const file = path.join(dataDir, 'secrets.json');
  if (existsSync(file)) {
    return JSON.parse(readFileSync(file, 'utf8')) as GeneratedSecrets;
  }
  mkdirSync(dataDir, { recursive: true });
  const secrets: GeneratedSecrets = {
    fernetKeys: [generateFernetKey()],
    sessionSecret: randomBytes(32).toString('base64url'),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  chmodSync(file, 0o600);
  warn(
    `FERNET_KEYS and/or SESSION_SECRET are not set: generated them into ${file}. ` +
      'Back this file up with the data directory, or set the variables explicitly.',
  );
  return secrets;
}

export function loadConfig(
  environment: NodeJS.ProcessEnv = process.env,
  warn: (msg: string) => void = (m) => process.emitWarning(m),
): Config {
  const parsed = EnvSchema.safeParse(environment);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid environment:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  const isProduction = env.NODE_ENV === 'production';
  const dataDir = path.resolve(env.DATA_DIR);

  let fernetKeys = env.FERNET_KEYS?.split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  let sessionSecret = env.SESSION_SECRET;
  if (isProduction) {
    const missing = [
      !fernetKeys?.length && 'FERNET_KEYS',
      !sessionSecret && 'SESSION_SECRET',
      !env.PUBLIC_URL && 'PUBLIC_URL',
    ].filter(Boolean);
    if (missing.length) {
      throw new ConfigError(`Production requires ${missing.join(', ')} to be set.`);
    }
    if (env.SANDBOX) {
      throw new ConfigError(
        'SANDBOX=true is refused in production: it mounts unauthenticated provider emulators ' +
          '(including PUT /sandbox/_knobs). Use the sandbox in embedded or development mode.',
      );
    }
    if (env.PUBLIC_URL?.startsWith('http:') && !env.ALLOW_INSECURE_PUBLIC_URL) {
      throw new ConfigError(
        'PUBLIC_URL must be https:// in production (session cookies and provider callbacks ' +
          'travel over it). Set ALLOW_INSECURE_PUBLIC_URL=true only if TLS ends before it.',
      );
    }
    if (!env.METRICS_TOKEN) {
      warn('METRICS_TOKEN is not set: GET /metrics is not served in production.');
    }
  } else if (!fernetKeys?.length || !sessionSecret) {
    const generated = loadOrCreateEmbeddedSecrets(dataDir, warn);
    fernetKeys = fernetKeys?.length ? fernetKeys : generated.fernetKeys;
    sessionSecret = sessionSecret ?? generated.sessionSecret;
  }

  try {
    new KeyRing(fernetKeys ?? []);
  } catch (err) {
    throw new ConfigError(
      `Invalid FERNET_KEYS: ${err instanceof Error ? err.message : String(err)}. ` +
        'Each key is 32 random bytes in padded base64url, comma-separated.',
    );
  }

  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
  const sandbox = env.SANDBOX ?? (!isProduction && !env.DATABASE_URL);
  if (env.SMTP_URL && env.PLATFORM_SENDGRID_API_KEY) {
    throw new ConfigError('Set one of SMTP_URL and PLATFORM_SENDGRID_API_KEY for platform mail.');
  }
  if (isProduction && (env.SMTP_URL || env.PLATFORM_SENDGRID_API_KEY) && !env.MAIL_FROM) {
    throw new ConfigError(
      'MAIL_FROM is required with SMTP_URL or PLATFORM_SENDGRID_API_KEY in production ' +
        '(e.g. "Switchboard <no-reply@example.com>"): mail from an invented address is rejected.',
    );
  }
  const from = env.MAIL_FROM ?? `Switchboard <no-reply@${new URL(publicUrl).hostname}>`;
  const mail = env.SMTP_URL
    ? { transport: 'smtp' as const, url: env.SMTP_URL, from }
    : env.PLATFORM_SENDGRID_API_KEY
      ? { transport: 'sendgrid' as const, apiKey: env.PLATFORM_SENDGRID_API_KEY, from }
      : { transport: sandbox ? ('sandbox' as const) : ('none' as const), from };
  if (isProduction && mail.transport === 'none') {
    warn(
      'Neither SMTP_URL nor PLATFORM_SENDGRID_API_KEY is set: no platform mail (invitations ' +
        'are shared as copy-links; password reset by email is unavailable).',
    );
  }
  return Object.freeze({
    env: env.NODE_ENV,
    isProduction,
    port: env.PORT,
    host: env.HOST,
    dataDir,
    databaseUrl: env.DATABASE_URL,
    publicUrl,
    secureCookies: isProduction || publicUrl.startsWith('https:'),
    fernetKeys: Object.freeze([...(fernetKeys ?? [])]),
    sessionSecret: sessionSecret ?? '',
    unsubscribeKeys: Object.freeze([...(env.UNSUBSCRIBE_KEYS ?? [sessionSecret ?? ''])]),
    logLevel: env.LOG_LEVEL,
    trustProxy: env.TRUST_PROXY,
    dbPoolSize: env.DB_POOL_SIZE,
    signupOpen: env.SIGNUP_OPEN,
    sandbox,
    sandboxUrl: (env.SANDBOX_URL ?? `${publicUrl}/sandbox`).replace(/\/+$/, ''),
    statusPollAfterMinutes: env.STATUS_POLL_AFTER_MINUTES,
    sendLeaseMs: env.SEND_LEASE_SECONDS * 1000,
    retentionDays: env.RETENTION_DAYS,
    rollupRetentionDays: env.ROLLUP_RETENTION_DAYS,
    alertEvaluationSeconds: env.ALERT_EVALUATION_SECONDS,
    metricsOrgLabel: env.METRICS_ORG_LABEL,
    callbackSpool: Object.freeze({
      dir: path.resolve(env.CALLBACK_SPOOL_DIR ?? path.join(dataDir, 'callback-spool')),
      maxBytes: Math.floor(env.CALLBACK_SPOOL_MAX_MB * 1024 * 1024),
    }),
    mail: Object.freeze(mail),
    templateRendering: {
      threads: env.TEMPLATE_RENDER_THREADS,
      queue: env.TEMPLATE_RENDER_QUEUE,
      perOrg: env.TEMPLATE_RENDER_PER_ORG,
      budgetMs: env.TEMPLATE_RENDER_BUDGET_MS,
      sendBudgetMs: env.TEMPLATE_SEND_RENDER_BUDGET_MS,
    },
    metrics: env.METRICS_TOKEN
      ? { access: 'token' as const, token: env.METRICS_TOKEN }
      : isProduction
        ? { access: 'off' as const }
        : { access: 'open' as const },
  });
}
