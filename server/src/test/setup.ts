import net from 'node:net';
import { afterEach, vi } from 'vitest';

/**
 * Tests fail loudly: an outbound connection to anything but loopback, or a console.error, is a
 * test failure (STYLE §12). Provider tests talk to local emulators only.
 */
const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|::1|\[::1\])$/;

function assertLoopback(host: unknown) {
  if (typeof host === 'string' && host !== '' && !LOOPBACK.test(host)) {
    throw new Error(`Unexpected outbound connection to ${host} in a test`);
  }
}

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function connect(this: net.Socket, ...args: unknown[]) {
  const [first] = args;
  if (first && typeof first === 'object' && 'host' in first)
    assertLoopback((first as { host?: string }).host);
  else if (typeof args[1] === 'string') assertLoopback(args[1]);
  return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;

const consoleError = vi.spyOn(console, 'error');
afterEach(() => {
  const calls = consoleError.mock.calls;
  if (calls.length) {
    const message = calls.map((c) => c.map(String).join(' ')).join('\n');
    consoleError.mockClear();
    throw new Error(`console.error was called during the test:\n${message}`);
  }
});
