import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface LoadOptions {
  url: string;
  headers?: Record<string, string>;
  /**
   * POST a Twilio status callback, unique per request (its own MessageSid) and signed with
   * `authToken` over `signedUrl`, as Twilio would.
   */
  twilioCallback?: { authToken: string; signedUrl: string };
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
}

export interface LoadResult {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
}

/**
 * Runs autocannon (warm-up, then the measured run) in a child process: the load generator gets
 * its own event loop and competes for the cores as real clients would, not inside the server.
 */
export function loadTest(opts: LoadOptions): Promise<LoadResult> {
  const worker = fileURLToPath(new URL('./load-worker.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = fork(worker, [JSON.stringify(opts)], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: LoadResult | undefined;
    child.on('message', (m) => (result = m as LoadResult));
    child.on('error', reject);
    child.on('exit', (code) =>
      result && code === 0
        ? resolve(result)
        : reject(new Error(`load generator for ${opts.url} exited with code ${code}`)),
    );
  });
}

export const describeLoad = (r: LoadResult) =>
  `${Math.round(r.rps)} req/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms (${r.requests} requests)`;
