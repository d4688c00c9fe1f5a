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
// order.
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env';
import { Problem } from './problem';

export const QUEUE_MAX = 32;
export const WAIT_MS = 30_000;
const POLL_MS = 5;
const RETRY_AFTER_S = 2;

let running = 0;
let nextTicket = 0;
const waiting = new Set<number>();

const busy = (detail: string) => new Problem('busy', detail, { retry_after: RETRY_AFTER_S });

/** Waits in line, then takes the slot (running++, in the same synchronous step as the check). */
async function waitForTurn(): Promise<void> {
  if (waiting.size >= QUEUE_MAX) throw busy(`The service is busy: ${QUEUE_MAX} requests are already waiting here. Retry in ${RETRY_AFTER_S} s.`);
  const ticket = nextTicket++;
  waiting.add(ticket);
  const deadline = Date.now() + WAIT_MS;
  try {
    // The oldest waiting ticket goes first once nothing runs.
    while (running > 0 || Math.min(...waiting) !== ticket) {
      if (Date.now() > deadline) throw busy(`The service is busy: this request waited ${WAIT_MS / 1000} s for its turn. Retry in ${RETRY_AFTER_S} s.`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    running++;
  } finally {
    waiting.delete(ticket);
  }
}

/** Runs the rest of the request (body, decode, models) when no other model request is running. */
export const inferenceGate: MiddlewareHandler<AppEnv> = async (c, next) => {
  // Check and take the slot with no await in between, or two requests could both see it free.
  if (running === 0 && waiting.size === 0) running++;
  else await waitForTurn();
  try {
    await next();
  } finally {
    running--;
  }
};
