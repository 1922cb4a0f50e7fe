import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';
import { assertNoUnhandledRequests, installFetchMock } from './fetch-mock';

/*
 * Component tests run in jsdom. The API client captures `fetch` when its module loads, so the
 * mock is installed here, before any test file imports it; every request goes to the routes a
 * test declares and nothing reaches the network.
 */
installFetchMock();

// Mantine reads these, which jsdom lacks.
Object.defineProperty(window, 'matchMedia', {
  writable: true,
  value: (query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => {},
    removeListener: () => {},
    addEventListener: () => {},
    removeEventListener: () => {},
    dispatchEvent: () => false,
  }),
});
class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
window.ResizeObserver = ResizeObserverStub;
window.HTMLElement.prototype.scrollIntoView = () => {};
// An autosized Textarea re-measures when web fonts load.
Object.defineProperty(document, 'fonts', {
  value: { addEventListener: () => {}, removeEventListener: () => {} },
});

// Tests fail loudly (STYLE §12): a console.error (React's warnings among them) fails the test.
const consoleError = vi.spyOn(console, 'error');
afterEach(() => {
  cleanup();
  assertNoUnhandledRequests();
  const calls = consoleError.mock.calls;
  if (calls.length) {
    const message = calls.map((c) => c.map(String).join(' ')).join('\n');
    consoleError.mockClear();
    throw new Error(`console.error was called during the test:\n${message}`);
  }
});
