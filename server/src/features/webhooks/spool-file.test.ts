import fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { callbackIds, type CallbackRecord } from './repo.js';
import { createCallbackSpool, SpoolFullError } from './spool.js';

const root = await fs.mkdtemp(path.join(tmpdir(), 'switchboard-spool-file-'));
afterAll(() => fs.rm(root, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());
const logger = { warn: () => undefined, error: () => undefined };
let dirs = 0;
const newDir = () => path.join(root, String(dirs++));

const record = (sid: string): CallbackRecord => ({
  orgId: '0190a2a0-0000-7000-8000-000000000001',
  integrationId: '0190a2a0-0000-7000-8000-000000000002',
  provider: 'twilio',
  purpose: 'status',
  rawBody: `MessageSid=${sid}&MessageStatus=delivered`,
  headers: {},
  verified: true,
  events: [],
  log: { channel: 'sms', latencyMs: 1 },
  ids: callbackIds(0, true),
  receivedAt: new Date().toISOString(),
});

const sidsOf = async (spool: ReturnType<typeof createCallbackSpool>, adopt = false) => {
  const sids: string[] = [];
  let unreadable = 0;
  for (const segment of await spool.claim({ adopt })) {
    const read = await segment.read();
    unreadable += read.unreadable;
    sids.push(...read.records.map((r) => /MessageSid=(\w+)/.exec(r.rawBody)![1]!));
  }
  return { sids, unreadable };
};

describe('callback spool files', () => {
  it('a disk that fills up mid-write fails that append only, and leaves no torn record behind', async () => {
    const spool = createCallbackSpool({ dir: newDir(), maxBytes: 1 << 20, logger });
    await spool.append(record('SMok1'));
    // The next write is short (the disk filled up), the one after fails with ENOSPC; then space
    // is freed again.
    let full = true;
    const open = fs.open.bind(fs);
    vi.spyOn(fs, 'open').mockImplementation(async (...args: Parameters<typeof fs.open>) => {
      const handle = await open(...args);
      let calls = 0;
      const write = handle.write.bind(handle) as (b: Buffer, o: number) => Promise<unknown>;
      return Object.assign(handle, {
        write: async (buffer: Buffer, offset = 0) => {
          if (!full) return write(buffer, offset);
          calls += 1;
          if (calls === 1) return write(buffer.subarray(0, offset + 10), offset);
          throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
        },
      });
    });
    // A new segment so the failing handle is the one written to.
    await spool.claim({ adopt: false }); // closes the segment holding SMok1 (still to replay)
    await expect(spool.append(record('SMfull'))).rejects.toBeInstanceOf(SpoolFullError);
    full = false;
    await spool.append(record('SMok2'));
    expect(await sidsOf(spool)).toEqual({ sids: ['SMok1', 'SMok2'], unreadable: 0 });
    await spool.close();
  });

  it('refuses a record beyond maxBytes', async () => {
    const spool = createCallbackSpool({ dir: newDir(), maxBytes: 700, logger });
    await spool.append(record('SMfits'));
    await expect(spool.append(record('SMover'))).rejects.toBeInstanceOf(SpoolFullError);
    await spool.close();
  });

  it('skips a torn last line left by a write that never completed', async () => {
    const dir = newDir();
    const spool = createCallbackSpool({ dir, maxBytes: 1 << 20, logger });
    await spool.append(record('SMwhole'));
    const [segment] = await spool.claim({ adopt: false });
    await fs.appendFile(segment!.file, '{"v":1,"record":{"orgId":"0190');
    expect(await sidsOf(spool)).toEqual({ sids: ['SMwhole'], unreadable: 1 });
    await spool.close();
  });

  it("adopts another process's segments only once that process has let go of them", async () => {
    const dir = newDir();
    const earlier = createCallbackSpool({ dir, maxBytes: 1 << 20, logger });
    await earlier.append(record('SMearlier'));
    const later = createCallbackSpool({ dir, maxBytes: 1 << 20, logger });
    expect((await sidsOf(later, true)).sids).toEqual([]);
    await earlier.close();
    const adopted = await later.claim({ adopt: true });
    expect(adopted).toHaveLength(1);
    for (const segment of adopted) await segment.done();
    expect((await fs.readdir(dir)).filter((n) => !n.endsWith('.lock'))).toEqual([]);
    await later.close();
  });
});
