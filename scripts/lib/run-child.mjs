// Runs a command as this process's stand-in: its output is ours, a signal sent to us reaches it,
// and we exit as it does. Ctrl-C reaches the child itself (same process group), so SIGINT is not
// passed on twice; SIGTERM or SIGHUP sent to this process alone (a supervisor, `kill`) is. The
// child decides when to stop, so a server drains its requests and nothing is left running.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

export function runAsChild(command, args, options = {}) {
  const child = spawn(command, args, { stdio: 'inherit', ...options });
  child.on('error', (err) => {
    console.error(`[switchboard] could not run ${command}: ${err.message}`);
    process.exit(1);
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (signal !== 'SIGINT') child.kill(signal);
    });
  }
  child.on('exit', (code, signal) =>
    process.exit(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0)),
  );
}
