// Capped exponential back-off for reconnects: 1, 2, 4 ... up to maxMs (platform-notes §2).

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  factor: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 1000, maxMs: 30_000, factor: 2 };

/** Delay before reconnect attempt number `attempt` (0-based). */
export function backoffDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const raw = options.initialMs * options.factor ** Math.max(0, attempt);
  return Math.min(options.maxMs, Math.round(raw));
}
