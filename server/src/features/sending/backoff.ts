/**
 * When to try a send again. Exponential backoff with full jitter (spreads a burst of failures
 * over the whole window instead of re-synchronizing them), capped, and never earlier than the
 * provider asked for with `Retry-After`.
 */
export interface RetryPolicy {
  baseMs: number;
  capMs: number;
  maxAttempts: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseMs: 2_000,
  capMs: 10 * 60_000,
  maxAttempts: 6,
};

/**
 * The delay before attempt `attempt + 1`, or null when the attempts are used up. `attempt` counts
 * the attempts already made (1 after the first failure).
 */
export function retryDelayMs(
  attempt: number,
  options: { retryAfterMs?: number | undefined; policy?: RetryPolicy; random?: () => number } = {},
): number | null {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  if (attempt >= policy.maxAttempts) return null;
  const window = Math.min(policy.capMs, policy.baseMs * 2 ** (attempt - 1));
  const jittered = Math.floor((options.random ?? Math.random)() * window);
  return Math.max(jittered, options.retryAfterMs ?? 0);
}
