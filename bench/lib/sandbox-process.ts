// The provider sandbox in a process of its own (benchmarks): the emulators' work does not share
// the measured process's CPU. Prints its URL to the parent over IPC; knobs via PUT /_knobs.
import { startSandbox } from '../../sandbox/index.js';

const sandbox = await startSandbox({ deliver: async () => ({ status: 200 }) });
process.send?.({ url: sandbox.url });
process.on('disconnect', () => {
  void sandbox.close().then(() => process.exit(0));
});
