// Retries that honour Retry-After. The API answers 429 rate-limited and 503 (model busy, storage
// unavailable) with Retry-After when waiting helps; those are retried after the wait it names.
// Nothing else is retried: the operations are not all idempotent, so a request that may have been
// processed is never sent twice.

export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  /** The longest Retry-After the client waits; a longer one is thrown at once (waiting a fraction
   * of it would only be refused again). */
  maxRetryWaitMs: number;
}

export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 503]);

/** Retry-After in milliseconds: delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** How long to wait before retrying an answer, or undefined when it is not to be retried. */
export function retryWait(status: number, retryAfter: string | null, attempt: number, policy: RetryPolicy): number | undefined {
  if (!RETRYABLE_STATUSES.has(status) || attempt >= policy.retries) return undefined;
  const wait = retryAfterMs(retryAfter);
  return wait !== undefined && wait <= policy.maxRetryWaitMs ? wait : undefined;
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
