// One model request at a time per isolate, the others waiting in line.
//
// An isolate has 128 MB for everything and serves many requests at once. onnxruntime-web runs on
// the isolate's one thread, so running two model requests side by side is no faster than running
// them one after the other, but it holds both requests' decoded photos and tensors at once: under
// `npm run load` (16 clients) workerd restarted the isolate mid-request ("Your worker restarted
// mid-request", every request in flight lost) while one request at a time stays within the
// figures of `npm run bench -- memory`. So model routes pass this gate before they read their body:
// a waiting request holds only its unread stream.
//
// The line is bounded (QUEUE_MAX waiting, each for at most WAIT_MS): past that the isolate is
// overloaded, and the answer is 503 `busy` with Retry-After instead of a queue that grows without
// end. Waiters poll (every POLL_MS) rather than being woken by the request that finishes: workerd
// does not let one request resolve a promise that belongs to another. Tickets keep the line in
// order. A cancelled request may never release what it holds, so waiters that stop polling leave
// the line and a slot held past MAX_HOLD_MS is taken back.
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../config';
import { Problem } from './problem';

export const QUEUE_MAX = 32;
export const WAIT_MS = 30_000;
/** A slot held longer than this is taken back: a request whose client went away may never reach
 * its `finally` (workerd drops a cancelled request's pending promises). No model request runs this
 * long (stylize at 1024 px: ~8 s). */
export const MAX_HOLD_MS = 120_000;
const POLL_MS = 5;
/** A waiter that has not polled for this long was cancelled: it leaves the line. */
const STALE_MS = 1_000;
const RETRY_AFTER_S = 2;

let nextTicket = 0;
/** ticket -> when it took the slot. */
const holders = new Map<number, number>();
/** ticket -> when it last polled. */
const waiting = new Map<number, number>();

const busy = (detail: string) => new Problem('busy', detail, { retry_after: RETRY_AFTER_S });

/** Slots in use, after taking back any held past MAX_HOLD_MS. */
function inUse(now: number): number {
  for (const [ticket, since] of holders) {
    if (now - since > MAX_HOLD_MS) {
      holders.delete(ticket);
      console.warn(`inference gate: a request held the model slot for over ${MAX_HOLD_MS / 1000} s; taken back`);
    }
  }
  return holders.size;
}

/** Waits in line, then takes the slot in the same synchronous step as the check. */
async function waitForTurn(ticket: number): Promise<void> {
  if (waiting.size >= QUEUE_MAX)
    throw busy(`The service is busy: ${QUEUE_MAX} requests are already waiting here. Retry in ${RETRY_AFTER_S} s.`);
  const deadline = Date.now() + WAIT_MS;
  try {
    for (;;) {
      const now = Date.now();
      waiting.set(ticket, now);
      for (const [other, seen] of waiting) if (now - seen > STALE_MS) waiting.delete(other);
      // The oldest waiting ticket goes first once the slot is free.
      if (inUse(now) === 0 && Math.min(...waiting.keys()) === ticket) {
        holders.set(ticket, now);
        return;
      }
      if (now > deadline)
        throw busy(`The service is busy: this request waited ${WAIT_MS / 1000} s for its turn. Retry in ${RETRY_AFTER_S} s.`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    waiting.delete(ticket);
  }
}

/** Runs the rest of the request (body, decode, models) when no other model request is running. */
export const inferenceGate: MiddlewareHandler<AppEnv> = async (_c, next) => {
  const ticket = nextTicket++;
  // Check and take the slot with no await in between, or two requests could both see it free.
  const now = Date.now();
  if (inUse(now) === 0 && waiting.size === 0) holders.set(ticket, now);
  else await waitForTurn(ticket);
  try {
    await next();
  } finally {
    holders.delete(ticket);
  }
};
