import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { generateFernetKey, KeyRing } from './platform/crypto/fernet.js';

const root = mkdtempSync(path.join(tmpdir(), 'switchboard-config-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = () => path.join(root, `data-${dirs++}`);

const PRODUCTION = {
  NODE_ENV: 'production',
  FERNET_KEYS: generateFernetKey(),
  SESSION_SECRET: 'a-production-session-secret-of-32+chars',
  PUBLIC_URL: 'https://switchboard.example.com',
  METRICS_TOKEN: 'a-metrics-bearer-token-of-32+characters',
  SMTP_URL: 'smtps://switchboard:secret@smtp.example.com:465',
  MAIL_FROM: 'Switchboard <no-reply@example.com>',
};

function configError(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env, () => {});
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('production', () => {
  it('refuses to start without FERNET_KEYS, SESSION_SECRET and PUBLIC_URL, naming each', () => {
    const dataDir = freshDir();
    const message = configError({ NODE_ENV: 'production', DATA_DIR: dataDir });
    expect(message).toContain('FERNET_KEYS');
    expect(message).toContain('SESSION_SECRET');
    expect(message).toContain('PUBLIC_URL');
    // It never invents keys: a restart would make every stored secret unreadable.
    expect(existsSync(path.join(dataDir, 'secrets.json'))).toBe(false);
  });

  it.each(['FERNET_KEYS', 'SESSION_SECRET', 'PUBLIC_URL'])('names a missing %s alone', (name) => {
    const env: NodeJS.ProcessEnv = { ...PRODUCTION, DATA_DIR: freshDir() };
    delete env[name];
    const message = configError(env);
    expect(message).toBe(`Production requires ${name} to be set.`);
  });

  it('treats a FERNET_KEYS of only commas and spaces as missing', () => {
    expect(configError({ ...PRODUCTION, FERNET_KEYS: ' , ,' })).toContain('FERNET_KEYS');
  });

  it('starts with all three, with secure cookies', () => {
    const warn = vi.fn();
    const k2 = generateFernetKey();
    const config = loadConfig(
      { ...PRODUCTION, FERNET_KEYS: `${PRODUCTION.FERNET_KEYS}, ${k2}` },
      warn,
    );
    expect(config.isProduction).toBe(true);
    expect(config.secureCookies).toBe(true);
    expect(config.fernetKeys).toEqual([PRODUCTION.FERNET_KEYS, k2]);
    expect(config.sessionSecret).toBe(PRODUCTION.SESSION_SECRET);
    expect(warn).not.toHaveBeenCalled();
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.fernetKeys)).toBe(true);
  });
});

describe('production refuses unsafe settings', () => {
  it('refuses SANDBOX=true: it would mount unauthenticated emulators', () => {
    expect(configError({ ...PRODUCTION, SANDBOX: 'true' })).toContain('SANDBOX=true is refused');
    expect(loadConfig({ ...PRODUCTION, SANDBOX: 'false' }).sandbox).toBe(false);
  });

  it('refuses an http:// PUBLIC_URL unless ALLOW_INSECURE_PUBLIC_URL=true', () => {
    const insecure = { ...PRODUCTION, PUBLIC_URL: 'http://switchboard.example.com' };
    expect(configError(insecure)).toContain('PUBLIC_URL must be https://');
    const allowed = loadConfig({ ...insecure, ALLOW_INSECURE_PUBLIC_URL: 'true' }, () => {});
    expect(allowed.publicUrl).toBe('http://switchboard.example.com');
    expect(allowed.secureCookies).toBe(true);
  });

  it('serves /metrics only with METRICS_TOKEN, and says so at start when it is missing', () => {
    expect(loadConfig(PRODUCTION).metrics).toEqual({
      access: 'token',
      token: PRODUCTION.METRICS_TOKEN,
    });
    const warn = vi.fn();
    const { METRICS_TOKEN: _token, ...withoutToken } = PRODUCTION;
    expect(loadConfig(withoutToken, warn).metrics).toEqual({ access: 'off' });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('METRICS_TOKEN is not set'));
    expect(loadConfig({ ...withoutToken, NODE_ENV: 'test' }).metrics).toEqual({ access: 'open' });
  });
});

describe('the provider sandbox', () => {
  it('is on in embedded mode, off in production and with DATABASE_URL, unless SANDBOX says so', () => {
    const embedded = {
      FERNET_KEYS: PRODUCTION.FERNET_KEYS,
      SESSION_SECRET: PRODUCTION.SESSION_SECRET,
    };
    expect(loadConfig(embedded).sandbox).toBe(true);
    expect(loadConfig(embedded).sandboxUrl).toBe('http://localhost:3000/sandbox');
    expect(loadConfig(PRODUCTION).sandbox).toBe(false);
    expect(loadConfig({ ...embedded, DATABASE_URL: 'postgres://db/x' }).sandbox).toBe(false);
    expect(loadConfig({ ...embedded, SANDBOX: 'true' }).sandboxUrl).toBe(
      'http://localhost:3000/sandbox',
    );
    expect(loadConfig({ ...embedded, SANDBOX: 'false' }).sandbox).toBe(false);
  });
});

describe('embedded mode (not production)', () => {
  it('generates missing secrets into DATA_DIR/secrets.json (0600) and reuses them', () => {
    const dataDir = freshDir();
    const warn = vi.fn();
    const first = loadConfig({ DATA_DIR: dataDir }, warn);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toContain(path.join(dataDir, 'secrets.json'));

    const file = path.join(dataDir, 'secrets.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { fernetKeys: string[] };
    expect(saved.fernetKeys).toEqual([...first.fernetKeys]);
    expect(first.fernetKeys).toHaveLength(1);
    expect(new KeyRing(first.fernetKeys).size).toBe(1); // a usable Fernet key
    expect(first.sessionSecret.length).toBeGreaterThanOrEqual(32);

    const warnAgain = vi.fn();
    const second = loadConfig({ DATA_DIR: dataDir }, warnAgain);
    expect(second.fernetKeys).toEqual(first.fernetKeys);
    expect(second.sessionSecret).toBe(first.sessionSecret);
    expect(warnAgain).not.toHaveBeenCalled();
  });

  it('prefers secrets given in the environment', () => {
    const dataDir = freshDir();
    const key = generateFernetKey();
    const config = loadConfig({ DATA_DIR: dataDir, FERNET_KEYS: key }, () => {});
    expect(config.fernetKeys).toEqual([key]);
    const saved = JSON.parse(readFileSync(path.join(dataDir, 'secrets.json'), 'utf8')) as {
      sessionSecret: string;
    };
    expect(config.sessionSecret).toBe(saved.sessionSecret);
  });

  it('defaults to the embedded database on port 3000 without secure cookies', () => {
    const config = loadConfig({ DATA_DIR: freshDir() }, () => {});
    expect(config.databaseUrl).toBeUndefined();
    expect(config.port).toBe(3000);
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.secureCookies).toBe(false);
  });
});

describe('validation', () => {
  const base = { DATA_DIR: freshDir(), FERNET_KEYS: generateFernetKey() };

  it.each(['abc', '70000', '-1', '3000.5'])('rejects PORT=%s', (port) => {
    const message = configError({ ...base, PORT: port });
    expect(message).toMatch(/^Invalid environment:\n {2}PORT: /);
  });

  it.each(['mysql://localhost/db', 'localhost:5432', 'http://db'])(
    'rejects DATABASE_URL=%s with a hint',
    (url) => {
      expect(configError({ ...base, DATABASE_URL: url })).toContain(
        'DATABASE_URL: must be a postgres:// or postgresql:// URL',
      );
    },
  );

  it('accepts postgres:// and postgresql:// URLs', () => {
    for (const url of ['postgres://u@db:5432/app', 'postgresql://u:p@db/app']) {
      expect(loadConfig({ ...base, DATABASE_URL: url }, () => {}).databaseUrl).toBe(url);
    }
  });

  it('rejects a short SESSION_SECRET and a PUBLIC_URL that is not http(s)', () => {
    expect(configError({ ...base, SESSION_SECRET: 'short' })).toContain(
      'SESSION_SECRET: must be at least 32 characters',
    );
    expect(configError({ ...base, PUBLIC_URL: 'ftp://example.com' })).toContain('PUBLIC_URL');
  });

  it('rejects a malformed FERNET_KEYS at boot, not at the first decryption', () => {
    const message = configError({ ...base, FERNET_KEYS: `${generateFernetKey()},not-a-key` });
    expect(message).toContain('FERNET_KEYS');
    expect(message).not.toContain('not-a-key');
  });

  it('takes SEND_LEASE_SECONDS and RETENTION_DAYS as whole numbers in range, 8 s and 90 days by default', () => {
    expect(loadConfig(base, () => {})).toMatchObject({ sendLeaseMs: 8_000, retentionDays: 90 });
    expect(
      loadConfig({ ...base, SEND_LEASE_SECONDS: '15', RETENTION_DAYS: '30' }, () => {}),
    ).toMatchObject({ sendLeaseMs: 15_000, retentionDays: 30 });
    for (const value of ['0', '3', '601', '7.5', 'ten']) {
      expect(configError({ ...base, SEND_LEASE_SECONDS: value })).toMatch(
        /^Invalid environment:\n {2}SEND_LEASE_SECONDS: /,
      );
    }
    for (const value of ['0', '-1', '3651', '1.5', 'forever']) {
      expect(configError({ ...base, RETENTION_DAYS: value })).toMatch(
        /^Invalid environment:\n {2}RETENTION_DAYS: /,
      );
    }
  });

  it('takes ROLLUP_RETENTION_DAYS (730 by default) and METRICS_ORG_LABEL (off by default)', () => {
    expect(loadConfig(base, () => {})).toMatchObject({
      rollupRetentionDays: 730,
      metricsOrgLabel: false,
    });
    expect(
      loadConfig({ ...base, ROLLUP_RETENTION_DAYS: '400', METRICS_ORG_LABEL: 'true' }, () => {}),
    ).toMatchObject({ rollupRetentionDays: 400, metricsOrgLabel: true });
    for (const value of ['0', '3651', '1.5']) {
      expect(configError({ ...base, ROLLUP_RETENTION_DAYS: value })).toMatch(
        /^Invalid environment:\n {2}ROLLUP_RETENTION_DAYS: /,
      );
    }
    expect(configError({ ...base, METRICS_ORG_LABEL: 'maybe' })).toMatch(/METRICS_ORG_LABEL/);
  });

  it('evaluates alert rules every ALERT_EVALUATION_SECONDS (60 by default, 5–3600)', () => {
    expect(loadConfig(base, () => {})).toMatchObject({ alertEvaluationSeconds: 60 });
    expect(loadConfig({ ...base, ALERT_EVALUATION_SECONDS: '10' }, () => {})).toMatchObject({
      alertEvaluationSeconds: 10,
    });
    for (const value of ['4', '3601', '2.5']) {
      expect(configError({ ...base, ALERT_EVALUATION_SECONDS: value })).toMatch(
        /^Invalid environment:\n {2}ALERT_EVALUATION_SECONDS: /,
      );
    }
  });

  it('reports every invalid variable at once', () => {
    const message = configError({ ...base, PORT: 'x', DATABASE_URL: 'x', NODE_ENV: 'staging' });
    expect(message).toContain('PORT');
    expect(message).toContain('DATABASE_URL');
    expect(message).toContain('NODE_ENV');
  });
});

describe('PUBLIC_URL', () => {
  const base = { DATA_DIR: freshDir(), FERNET_KEYS: generateFernetKey() };

  it('turns on secure cookies when served over https, even outside production', () => {
    const config = loadConfig({ ...base, PUBLIC_URL: 'https://sb.example.com/' }, () => {});
    expect(config.secureCookies).toBe(true);
    expect(config.publicUrl).toBe('https://sb.example.com');
  });

  it('keeps them off over plain http in development', () => {
    const config = loadConfig({ ...base, PUBLIC_URL: 'http://192.168.1.5:3000' }, () => {});
    expect(config.secureCookies).toBe(false);
  });
});

describe('UNSUBSCRIBE_KEYS', () => {
  const OLD = PRODUCTION.SESSION_SECRET;
  const NEW = 'a-new-unsubscribe-key-of-at-least-32-chars';

  it('defaults to SESSION_SECRET, the key of every link sent before the ring existed', () => {
    expect(loadConfig({ ...PRODUCTION, DATA_DIR: freshDir() }, () => {}).unsubscribeKeys).toEqual([
      OLD,
    ]);
  });

  it('is a comma-separated ring, first key first', () => {
    const config = loadConfig(
      { ...PRODUCTION, DATA_DIR: freshDir(), UNSUBSCRIBE_KEYS: ` ${NEW} , ${OLD} ,` },
      () => {},
    );
    expect(config.unsubscribeKeys).toEqual([NEW, OLD]);
  });

  it('refuses a key shorter than 32 characters', () => {
    const message = configError({ ...PRODUCTION, UNSUBSCRIBE_KEYS: `${NEW},short` });
    expect(message).toContain('UNSUBSCRIBE_KEYS');
  });
});

describe('platform mail', () => {
  const embedded = {
    DATA_DIR: freshDir(),
    FERNET_KEYS: generateFernetKey(),
    SESSION_SECRET: PRODUCTION.SESSION_SECRET,
  };

  it('uses SMTP_URL with MAIL_FROM', () => {
    expect(loadConfig(PRODUCTION, () => {}).mail).toEqual({
      transport: 'smtp',
      url: PRODUCTION.SMTP_URL,
      from: PRODUCTION.MAIL_FROM,
    });
  });

  it('uses the platform SendGrid key instead', () => {
    const { SMTP_URL: _, ...rest } = PRODUCTION;
    const key = 'SG.abc_DEF-1.xyz_2-3';
    expect(loadConfig({ ...rest, PLATFORM_SENDGRID_API_KEY: key }, () => {}).mail).toEqual({
      transport: 'sendgrid',
      apiKey: key,
      from: PRODUCTION.MAIL_FROM,
    });
  });

  it('refuses both at once, a non-SMTP URL, a malformed key, and production without MAIL_FROM', () => {
    expect(configError({ ...PRODUCTION, PLATFORM_SENDGRID_API_KEY: 'SG.a.b' })).toContain(
      'one of SMTP_URL and PLATFORM_SENDGRID_API_KEY',
    );
    expect(configError({ ...PRODUCTION, SMTP_URL: 'https://smtp.example.com' })).toContain(
      'SMTP_URL: must be an smtp:// or smtps:// URL',
    );
    const { SMTP_URL: _, ...rest } = PRODUCTION;
    expect(configError({ ...rest, PLATFORM_SENDGRID_API_KEY: 'not-a-key' })).toContain(
      'PLATFORM_SENDGRID_API_KEY',
    );
    expect(configError({ ...PRODUCTION, MAIL_FROM: undefined })).toContain('MAIL_FROM is required');
  });

  it('without a transport: the sandbox mailbox when the sandbox is on, else none (warned in production)', () => {
    expect(loadConfig(embedded, () => {}).mail).toEqual({
      transport: 'sandbox',
      from: 'Switchboard <no-reply@localhost>',
    });
    expect(loadConfig({ ...embedded, SANDBOX: 'false' }, () => {}).mail.transport).toBe('none');
    const warn = vi.fn();
    const { SMTP_URL: _, MAIL_FROM: __, ...rest } = PRODUCTION;
    expect(loadConfig(rest, warn).mail.transport).toBe('none');
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('no platform mail'));
  });
});
