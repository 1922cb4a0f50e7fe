/** Rejected requests an address may send to one target per minute before it is turned away. */
export const REJECTIONS_PER_MINUTE = 60;

/**
 * Throttles only what fails verification, per sender address and target (an integration's
 * webhook, an unsubscribe token). Providers do not all retry a refused callback (Twilio's status
 * callbacks are not retried), so verified traffic is never counted; an address that keeps sending
 * unverifiable requests is answered 429 without a database lookup, and cannot get another sender
 * (the provider) blocked by doing so.
 */
export function createRejectionThrottle(limit = REJECTIONS_PER_MINUTE, now = Date.now) {
  const windows = new Map<string, { start: number; count: number }>();
  const current = (key: string) => {
    const t = now();
    let w = windows.get(key);
    if (!w || t - w.start >= 60_000) {
      if (windows.size > 10_000) windows.clear(); // bounded memory under a spray of addresses
      w = { start: t, count: 0 };
      windows.set(key, w);
    }
    return w;
  };
  return {
    blocked: (key: string) => current(key).count >= limit,
    rejected: (key: string) => {
      current(key).count += 1;
    },
  };
}

export type RejectionThrottle = ReturnType<typeof createRejectionThrottle>;
