import pino from 'pino';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from './app.js';
import { testConfig } from './test/app.js';
import { createTestDatabase } from './test/db.js';

// Records whether anything loaded the emulators; they stay the real ones.
const loaded = vi.hoisted(() => ({ sandbox: false }));
vi.mock('../../sandbox/index.js', async (importOriginal) => {
  loaded.sandbox = true;
  return importOriginal();
});

const database = await createTestDatabase();
afterAll(() => database.close());
const logger = pino({ level: 'silent' });

describe('the provider sandbox', () => {
  it('is not loaded by a server with SANDBOX off, and is mounted when it is on', async () => {
    const production = await buildApp({
      config: testConfig({ SANDBOX: 'false' }),
      database,
      logger,
      webDist: false,
    });
    await production.ready();
    expect(loaded.sandbox).toBe(false);
    const knobs = { method: 'GET' as const, url: '/sandbox/_knobs' };
    expect((await production.inject(knobs)).statusCode).toBe(404);
    await production.close();

    const embedded = await buildApp({
      config: testConfig({ SANDBOX: 'true' }),
      database,
      logger,
      webDist: false,
    });
    await embedded.ready();
    expect(loaded.sandbox).toBe(true);
    expect((await embedded.inject(knobs)).statusCode).toBe(200);
    await embedded.close();
  });
});
