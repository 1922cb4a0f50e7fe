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

/**
 * Measures a target against its baseline in alternating rounds (baseline, target, baseline, …),
 * so a change in the machine's other load during the run hits both alike, and returns each
 * one's median round by throughput.
 */
export async function alternate(
  baseline: { label: string; opts: LoadOptions },
  target: { label: string; opts: LoadOptions },
  rounds: number,
): Promise<{ baseline: LoadResult; target: LoadResult }> {
  const runs: { baseline: LoadResult[]; target: LoadResult[] } = { baseline: [], target: [] };
  for (let i = 1; i <= rounds; i++) {
    for (const [key, side] of [
      ['baseline', baseline],
      ['target', target],
    ] as const) {
      const result = await loadTest(side.opts);
      runs[key].push(result);
      console.log(`  ${`${side.label} (round ${i}/${rounds})`.padEnd(52)} ${describeLoad(result)}`);
    }
  }
  const median = (rs: LoadResult[]) =>
    [...rs].sort((x, y) => x.rps - y.rps)[Math.floor(rs.length / 2)]!;
  return { baseline: median(runs.baseline), target: median(runs.target) };
}
