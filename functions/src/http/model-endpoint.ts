// What every endpoint that runs a model and takes an optional API key (detect, embed, identify, verify,
// stylize, images/stats) puts in front of its handler, bound once so no route can forget a part:
// the key or the per-address limit (rate-limit.ts), then the per-isolate gate (inference-gate.ts),
// last, so a refused request never waits in line; the OpenAPI security and the problems they add.
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../config';
import { OPTIONAL_API_KEY } from './auth';
import { inferenceGate } from './inference-gate';
import type { ProblemKind } from './problem';
import { modelRateLimit, type AddressPolicyName } from './rate-limit';

/** Spread into the route: `createRoute({ ..., ...modelEndpoint('verify'), ... })`. */
export function modelEndpoint(name: AddressPolicyName): { middleware: MiddlewareHandler<AppEnv>[]; security: typeof OPTIONAL_API_KEY } {
  return { middleware: [...modelRateLimit(name), inferenceGate], security: OPTIONAL_API_KEY };
}

/** The problems modelEndpoint's middleware can answer: an invalid key, a limit, a full line. */
export const MODEL_ENDPOINT_PROBLEMS = ['unauthorized', 'rate-limited', 'busy'] as const satisfies readonly ProblemKind[];
