import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, retryDelayMs } from './backoff.js';

const policy = { baseMs: 1_000, capMs: 8_000, maxAttempts: 5 };

describe('retry backoff', () => {
  it('doubles the window per attempt up to the cap, with full jitter inside it', () => {
    const top = (attempt: number) => retryDelayMs(attempt, { policy, random: () => 0.999999 });
    expect([1, 2, 3, 4].map(top)).toEqual([999, 1_999, 3_999, 7_999]);
    expect(retryDelayMs(4, { policy, random: () => 0 })).toBe(0);
    const capped = { ...policy, maxAttempts: 10 };
    expect(retryDelayMs(9, { policy: capped, random: () => 0.5 })).toBe(4_000);
  });

  it('spreads simultaneous failures instead of retrying them together', () => {
    const delays = new Set(Array.from({ length: 50 }, () => retryDelayMs(3, { policy })));
    expect(delays.size).toBeGreaterThan(25);
  });

  it('never retries earlier than the provider asked with Retry-After', () => {
    expect(retryDelayMs(1, { policy, retryAfterMs: 30_000, random: () => 0.1 })).toBe(30_000);
  });

  it('gives up after the last attempt', () => {
    expect(retryDelayMs(5, { policy })).toBeNull();
    expect(retryDelayMs(DEFAULT_RETRY_POLICY.maxAttempts)).toBeNull();
  });
});
