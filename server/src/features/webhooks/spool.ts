import { randomUUID } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import type { Logger } from 'pino';
import { createCoalescer } from '../../platform/coalesce.js';
import type { CallbackRecord } from './repo.js';

/**
 * The callback spool: where a verified callback goes when the database cannot be reached, so it
 * can still be acknowledged (Twilio, for one, never retries a status callback). Records are JSON
 * lines appended to segment files and fsync'd before `append` resolves; callbacks arriving
 * together share one write and one fsync (the coalescer, as the database path does).
 *
 * Layout: `<dir>/<instance>/<seq>.jsonl`, one instance directory per server process, held by a
 * lock (`<dir>/<instance>.lock`, proper-lockfile) while the process lives. A process replays its
 * own closed segments and adopts the directories of processes that are gone (lock released or
 * stale), so several processes may share one `dir` and a crashed one's spool is not stranded.
 * Nothing is created on disk until the first record is spooled.
 */
export interface CallbackSpool {
  /** Durably appends one record; rejects with `SpoolFullError` or `SpoolWriteError`. */
  append(record: CallbackRecord): Promise<void>;
  /**
   * Segments to replay, oldest first: this process's (the one being written is closed first, so
   * later records go to a new one) and those of processes that are gone. Each is removed with
   * `done` once every record in it is committed; a segment not done is offered again next time.
   * With `adopt: false` only this process's segments are offered (no directory scan).
   */
  claim(opts: { adopt: boolean }): Promise<SpoolSegment[]>;
  /** Keeps a record the database refuses (not a connection error) aside, in `quarantine.jsonl`. */
  quarantine(record: CallbackRecord): Promise<void>;
  /** Bytes this process has spooled and not yet replayed (what `maxBytes` bounds). */
  readonly bytes: number;
  /** Closes the segment being written and gives up the lock; segments not replayed stay. */
  close(): Promise<void>;
}

export interface SpoolSegment {
  readonly file: string;
  /** The records in it; a torn last line (a write that never completed) is skipped. */
  read(): Promise<{ records: CallbackRecord[]; unreadable: number }>;
  /** Every record is committed: remove the segment (and an adopted directory left empty). */
  done(): Promise<void>;
}

/** The spool is at its configured size, or the disk is full. */
export class SpoolFullError extends Error {}
/** The spool could not be written for another reason (permissions, I/O error). */
export class SpoolWriteError extends Error {}

/** Segments are closed at this size, so a replay reads a bounded file. */
const SEGMENT_BYTES = 8 * 1024 * 1024;
/** A lock not refreshed for this long belongs to a process that is gone. */
const LOCK_STALE_MS = 30_000;
const LOCK_UPDATE_MS = 5_000;
const FULL_CODES = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);

const LINE_VERSION = 1;
interface SpoolLine {
  v: typeof LINE_VERSION;
  record: CallbackRecord;
}

async function syncDir(dir: string) {
  const handle = await fs.open(dir, fsConstants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function segmentsIn(dir: string): Promise<string[]> {
  const names = await fs.readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [] as string[];
    throw err;
  });
  return names
    .filter((n) => n.endsWith('.jsonl'))
    .sort()
    .map((n) => path.join(dir, n));
}

async function readSegment(file: string) {
  const text = await fs.readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return '';
    throw err;
  });
  const records: CallbackRecord[] = [];
  let unreadable = 0;
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      const parsed = JSON.parse(line) as SpoolLine;
      if (parsed.v !== LINE_VERSION || !parsed.record?.ids) throw new Error('unknown line');
      records.push(parsed.record);
    } catch {
      unreadable += 1;
    }
  }
  return { records, unreadable };
}

export function createCallbackSpool(opts: {
  dir: string;
  maxBytes: number;
  logger: Pick<Logger, 'warn' | 'error'>;
}): CallbackSpool {
  const newInstance = () => `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID()}`;
  let instance = newInstance();
  let ownDir = path.join(opts.dir, instance);
  let release: (() => Promise<void>) | undefined;
  let lockLost = false;
  let active: { file: string; handle: fs.FileHandle; size: number } | undefined;
  let seq = 0;
  let bytes = 0;
  let closed = false;
  /** File work happens one step at a time: an append never races a rotation. */
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(step: () => Promise<T>): Promise<T> => {
    const next = chain.then(step);
    chain = next.catch(() => undefined);
    return next;
  };

  async function ensureOwnDir() {
    if (release && !lockLost) return;
    if (lockLost) {
      // What is in the old directory now belongs to whoever took it over (or is adopted later).
      await closeActive();
      instance = newInstance();
      ownDir = path.join(opts.dir, instance);
      release = undefined;
      lockLost = false;
    }
    await fs.mkdir(ownDir, { recursive: true, mode: 0o700 });
    release = await lockfile.lock(ownDir, {
      lockfilePath: `${ownDir}.lock`,
      stale: LOCK_STALE_MS,
      update: LOCK_UPDATE_MS,
      onCompromised: (err) => {
        // Another process may adopt this directory now: write no more records into it.
        lockLost = true;
        bytes = 0;
        opts.logger.error({ err, dir: ownDir }, 'lost the callback spool lock');
      },
    });
    await syncDir(opts.dir);
  }

  async function closeActive() {
    if (!active) return;
    const { handle } = active;
    active = undefined;
    await handle.close().catch(() => undefined);
  }

  async function openActive() {
    await ensureOwnDir();
    seq += 1;
    const file = path.join(ownDir, `${String(seq).padStart(8, '0')}.jsonl`);
    const handle = await fs.open(file, 'ax', 0o600);
    // The new file's directory entry must survive a crash as well as its contents.
    await syncDir(ownDir);
    active = { file, handle, size: 0 };
    return active;
  }

  async function write(lines: string[]): Promise<void[]> {
    const chunk = Buffer.from(lines.join(''), 'utf8');
    if (closed) throw new SpoolWriteError('the spool is closed');
    if (bytes + chunk.length > opts.maxBytes) {
      throw new SpoolFullError(`the callback spool is at its limit (${opts.maxBytes} bytes)`);
    }
    return serial(async () => {
      let segment = active;
      try {
        if (!segment || segment.size >= SEGMENT_BYTES || lockLost) {
          await closeActive();
          segment = await openActive();
        }
        // A write can be short (a disk filling up) without an error: the next one says why.
        for (let offset = 0; offset < chunk.length;) {
          const { bytesWritten } = await segment.handle.write(chunk, offset);
          if (bytesWritten <= 0) throw Object.assign(new Error('short write'), { code: 'ENOSPC' });
          offset += bytesWritten;
        }
        await segment.handle.datasync();
      } catch (err) {
        // A partial write must not become the start of the next record's line. After anything
        // but a full disk (a failed fsync above all) the segment is not written to again.
        const code = (err as NodeJS.ErrnoException).code;
        const full = code !== undefined && FULL_CODES.has(code);
        if (segment) {
          const cut = await segment.handle.truncate(segment.size).then(
            () => true,
            () => false,
          );
          if (!cut || !full) await closeActive();
        }
        if (full) throw new SpoolFullError(`disk full (${code})`);
        throw new SpoolWriteError(`could not write the callback spool (${code ?? 'error'})`, {
          cause: err,
        });
      }
      segment.size += chunk.length;
      bytes += chunk.length;
      return lines.map(() => undefined);
    });
  }

  // One write and one fsync for every record that arrives while the previous one runs.
  const appends = createCoalescer<string, void>(write, { maxBatch: 500, maxInFlight: 1 });

  function ownSegment(file: string, size: number): SpoolSegment {
    return {
      file,
      read: () => readSegment(file),
      done: () =>
        serial(async () => {
          await fs.rm(file, { force: true });
          await syncDir(ownDir);
          bytes = Math.max(0, bytes - size);
        }),
    };
  }

  /** Adopted directories, locked by us until their replay finishes or the next claim. */
  const adopted = new Map<string, () => Promise<void>>();

  async function releaseAdopted() {
    for (const unlock of adopted.values()) await unlock().catch(() => undefined);
    adopted.clear();
  }

  /** The directories of processes that are gone (lock released, or stale after a crash). */
  async function adopt(): Promise<SpoolSegment[]> {
    const entries = await fs.readdir(opts.dir, { withFileTypes: true }).catch(() => []);
    const segments: SpoolSegment[] = [];
    for (const entry of entries) {
      // Locks are directories too (`<instance>.lock`).
      if (!entry.isDirectory() || entry.name === instance || entry.name.endsWith('.lock')) continue;
      const dir = path.join(opts.dir, entry.name);
      let unlock: () => Promise<void>;
      try {
        unlock = await lockfile.lock(dir, {
          lockfilePath: `${dir}.lock`,
          stale: LOCK_STALE_MS,
          update: LOCK_UPDATE_MS,
          onCompromised: (err) => opts.logger.warn({ err, dir }, 'lost an adopted spool lock'),
        });
      } catch {
        continue; // its process is alive, or another process is replaying it
      }
      const files = await segmentsIn(dir);
      if (!files.length) {
        await fs.rm(dir, { recursive: true, force: true });
        await unlock().catch(() => undefined);
        continue;
      }
      adopted.set(dir, unlock);
      let left = files.length;
      for (const file of files) {
        segments.push({
          file,
          read: () => readSegment(file),
          done: async () => {
            await fs.rm(file, { force: true });
            left -= 1;
            if (left > 0) return syncDir(dir);
            await fs.rm(dir, { recursive: true, force: true });
            await syncDir(opts.dir);
            adopted.delete(dir);
            await unlock().catch(() => undefined);
          },
        });
      }
    }
    return segments;
  }

  return {
    append: (record) => appends.add(`${JSON.stringify({ v: LINE_VERSION, record })}\n`),

    async claim({ adopt: scan }) {
      // Adopted directories not finished last time are released and adopted afresh.
      await releaseAdopted();
      const own = await serial(async () => {
        if (active?.size) await closeActive();
        const files = await segmentsIn(ownDir);
        const current = active?.file;
        return Promise.all(
          files
            .filter((f) => f !== current)
            .map(async (f) => ownSegment(f, (await fs.stat(f)).size)),
        );
      });
      return [...(scan ? await adopt() : []), ...own];
    },

    async quarantine(record) {
      await fs.mkdir(opts.dir, { recursive: true, mode: 0o700 });
      const handle = await fs.open(path.join(opts.dir, 'quarantine.jsonl'), 'a', 0o600);
      try {
        await handle.write(`${JSON.stringify({ v: LINE_VERSION, record })}\n`);
        await handle.datasync();
      } finally {
        await handle.close();
      }
    },

    get bytes() {
      return bytes;
    },

    async close() {
      closed = true;
      await serial(async () => {
        await closeActive();
        await releaseAdopted();
        if (!release) return;
        if (!(await segmentsIn(ownDir)).length) {
          await fs.rm(ownDir, { recursive: true, force: true }).catch(() => undefined);
        }
        await release().catch(() => undefined);
        release = undefined;
      });
    },
  };
}
