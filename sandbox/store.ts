import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';

/**
 * What the emulators keep across restarts, as the real providers keep it: registrations (webhook
 * URLs, signing keys, subscriptions), message records they answer lookups for, id counters. Each
 * emulator `track`s a snapshot of its state under its name and reports changes; the store writes
 * all snapshots together. A registration is written at once (`changed(true)`): losing one silently
 * stops callbacks; message records are written within WRITE_DELAY_MS, so a burst of sends is one
 * write.
 */
export interface SandboxStore {
  /** The state an emulator saved last time, if any. */
  read(emulator: string): unknown;
  track(emulator: string, snapshot: () => unknown): void;
  changed(now?: boolean): void;
  /** Writes what is pending; the store stays usable. */
  flush(): void;
}

/** Where a store keeps its text: a file under DATA_DIR, or memory (tests). */
export interface StoreBackend {
  load(): string | undefined;
  save(text: string): void;
}

export const WRITE_DELAY_MS = 250;

/** The emulators forget everything when the process ends (`startSandbox()`'s default). */
export const volatileStore = (): SandboxStore => ({
  read: () => undefined,
  track: () => {},
  changed: () => {},
  flush: () => {},
});

export function createStore(backend: StoreBackend): SandboxStore {
  const text = backend.load();
  let saved: Record<string, unknown>;
  try {
    saved = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    throw new Error('the sandbox state is not valid JSON; remove it to start the sandbox afresh');
  }
  const snapshots = new Map<string, () => unknown>();
  let timer: NodeJS.Timeout | undefined;
  const write = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const state = { ...saved };
    for (const [name, snapshot] of snapshots) state[name] = snapshot();
    backend.save(JSON.stringify(state));
  };
  return {
    read: (emulator) => saved[emulator],
    track(emulator, snapshot) {
      snapshots.set(emulator, snapshot);
    },
    changed(now = false) {
      if (now) return write();
      timer ??= setTimeout(write, WRITE_DELAY_MS);
      timer.unref();
    },
    flush() {
      if (timer) write();
    },
  };
}

/** Text kept in memory: a second sandbox on the same store sees what the first one saved. */
export function memoryBackend(): StoreBackend & { text: string | undefined } {
  const backend = {
    text: undefined as string | undefined,
    load: () => backend.text,
    save: (t: string) => void (backend.text = t),
  };
  return backend;
}

/**
 * A JSON file (e.g. `DATA_DIR/sandbox.json`, mode 0600: it holds the emulators' signing keys),
 * replaced atomically: written beside it, then renamed over it, so a crash mid-write leaves the
 * previous state rather than half a file.
 */
export function fileBackend(file: string): StoreBackend {
  return {
    load: () => (existsSync(file) ? readFileSync(file, 'utf8') : undefined),
    save(text) {
      const tmp = `${file}.${process.pid}.tmp`;
      const fd = openSync(tmp, 'w', 0o600);
      try {
        writeSync(fd, text);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, file);
    },
  };
}
