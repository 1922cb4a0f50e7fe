// Embedded (PGlite) server: first start, reopen-to-ready on the same DATA_DIR, and idle RSS.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { Measurement } from './lib/report.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST_MAIN = path.join(ROOT, 'server/dist/main.js');
const READY_TIMEOUT_MS = 120_000;
const IDLE_MS = 5_000;
const MAX_REOPEN_S = 3;
const MAX_RSS_MB = 400;

/** `node server/dist/main.js`, building it when missing; tsx on the sources if that fails. */
function serverCommand(): string[] {
  if (!existsSync(DIST_MAIN)) {
    console.log('  server/dist/main.js is missing: npm run build:server');
    const build = spawnSync('npm', ['run', 'build:server'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) console.log(`  npm run build:server failed (${build.status})`);
  }
  if (existsSync(DIST_MAIN)) {
    const built = statSync(DIST_MAIN).mtimeMs;
    const sources = readdirSync(path.join(ROOT, 'server/src'), {
      recursive: true,
      withFileTypes: true,
    });
    if (
      sources.some((f) => f.isFile() && statSync(path.join(f.parentPath, f.name)).mtimeMs > built)
    ) {
      console.log(
        '  NOTE: server/src has changed since server/dist was built (npm run build:server)',
      );
    }
    return [DIST_MAIN];
  }
  console.log('  NOTE: no server build; measuring `node --import tsx server/src/main.ts` instead');
  return ['--import', 'tsx', path.join(ROOT, 'server/src/main.ts')];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        address && typeof address !== 'string' ? resolve(address.port) : reject(new Error('port')),
      );
    });
  });
}

const rssMb = (pid: number) => {
  const kb = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (!kb) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(kb) / 1024;
};

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

interface Server {
  child: ChildProcess;
  readySeconds: number;
  /** The server's log messages before it was ready, as `+seconds message`. */
  timeline: string[];
}

function timeline(output: string, startedAt: number): string[] {
  return output.split('\n').flatMap((line) => {
    try {
      const { time, msg } = JSON.parse(line) as { time?: number; msg?: string };
      const isRequest = msg === 'incoming request' || msg === 'request completed';
      return time && msg && !isRequest
        ? [`+${((time - startedAt) / 1000).toFixed(2)} s ${msg.slice(0, 90)}`]
        : [];
    } catch {
      return line.trim() ? [line.slice(0, 100)] : [];
    }
  });
}

/** Spawns the server and resolves once GET /readyz answers 200, with the time it took. */
async function startServer(command: string[], env: NodeJS.ProcessEnv, port: number) {
  const started = performance.now();
  const startedAt = Date.now();
  const child = spawn(process.execPath, [...command, 'serve'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  while (performance.now() - started < READY_TIMEOUT_MS) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `server exited (${child.exitCode ?? child.signalCode}) before ready:\n${output}`,
      );
    }
    const res = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => null);
    if (res?.status === 200) {
      const readySeconds = (performance.now() - started) / 1000;
      return { child, readySeconds, timeline: timeline(output, startedAt) } satisfies Server;
    }
    await sleep(20);
  }
  child.kill('SIGKILL');
  throw new Error(`server not ready after ${READY_TIMEOUT_MS} ms:\n${output}`);
}

async function stopServer(child: ChildProcess) {
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  const code = await exited(child);
  clearTimeout(timer);
  if (code !== 0) throw new Error(`server exited with ${code} on SIGTERM`);
}

/** Median wall time of `node -e "0"`: the floor of any Node process start on this machine. */
function nodeStartSeconds(runs = 5): number {
  const times = Array.from({ length: runs }, () => {
    const t = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    return (performance.now() - t) / 1000;
  }).sort((a, b) => a - b);
  return times[Math.floor(runs / 2)]!;
}

/** RSS of an idle bare Node process, measured the same way as the server's. */
async function bareNodeRssMb(): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  try {
    await sleep(1000);
    return rssMb(child.pid!);
  } finally {
    child.kill('SIGKILL');
    await exited(child);
  }
}

function report(label: string, server: Server) {
  console.log(`  ${label}: ${server.readySeconds.toFixed(2)} s; server log since spawn:`);
  for (const line of server.timeline) console.log(`    ${line}`);
}

export async function embeddedStart(): Promise<Measurement[]> {
  const command = serverCommand();
  const nodeStart = nodeStartSeconds();
  const nodeRss = await bareNodeRssMb();
  console.log(
    `  node -e "0": ${nodeStart.toFixed(3)} s; idle bare node RSS ${nodeRss.toFixed(1)} MB`,
  );

  const dataDir = mkdtempSync(path.join(tmpdir(), 'switchboard-bench-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port) };
  env.HOST = '127.0.0.1';
  env.LOG_LEVEL = 'info';
  for (const name of ['DATABASE_URL', 'NODE_ENV', 'PUBLIC_URL', 'FERNET_KEYS', 'SESSION_SECRET']) {
    delete env[name];
  }
  let running: ChildProcess | undefined;
  try {
    const first = await startServer(command, env, port);
    running = first.child;
    report('first start (initdb + migrations + demo seed)', first);
    await stopServer(first.child);

    const again = await startServer(command, env, port);
    running = again.child;
    report('reopen-to-ready', again);
    await sleep(IDLE_MS);
    const rss = rssMb(again.child.pid!);
    console.log(`  idle RSS after ${IDLE_MS / 1000} s: ${rss.toFixed(1)} MB`);
    await stopServer(again.child);

    const nodeBaseline = { value: nodeStart, label: 'node -e 0' };
    return [
      {
        name: 'embedded first start',
        value: first.readySeconds,
        unit: 's',
        baseline: nodeBaseline,
      },
      {
        name: 'embedded reopen-to-ready',
        value: again.readySeconds,
        unit: 's',
        baseline: nodeBaseline,
        target: { text: `<= ${MAX_REOPEN_S} s`, met: again.readySeconds <= MAX_REOPEN_S },
      },
      {
        name: 'embedded idle RSS',
        value: rss,
        unit: 'MB',
        baseline: { value: nodeRss, label: 'bare node' },
        target: { text: `<= ${MAX_RSS_MB} MB`, met: rss <= MAX_RSS_MB },
      },
    ];
  } finally {
    if (running && running.exitCode === null && running.signalCode === null) {
      running.kill('SIGKILL');
      await exited(running);
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}
