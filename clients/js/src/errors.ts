// Failures as typed problem objects: the API answers every error as RFC 9457 problem+json with a
// stable `type` URI (https://likeness.dev/problems/<kind>); LikenessError carries it, with `kind`
// (the last segment) to switch on. Failures with no problem body get a client-side kind of their own.

/** An RFC 9457 problem as the API sends it: the four standard members plus any extensions. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  [extension: string]: unknown;
}

/** Kinds the client gives failures that did not come with a problem body. */
export const CLIENT_KINDS = {
  /** The request did not reach the API or no answer came back (DNS, TLS, connection reset...). `status` is 0. */
  network: 'network-error',
  /** An error status without a problem body (a proxy's HTML page, say). */
  http: 'http-error',
  /** A success status whose body could not be read as the operation promises. */
  invalidResponse: 'invalid-response',
} as const;

const STANDARD = new Set(['type', 'title', 'status', 'detail', 'instance']);

/** The last segment of a problem type URI: 'https://likeness.dev/problems/no-face' -> 'no-face',
 * 'urn:likeness:client:network-error' -> 'network-error'. */
export function problemKind(type: string): string {
  const path = type.split(/[?#]/)[0].replace(/\/+$/, '');
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf(':')) + 1) || type;
}

export class LikenessError extends Error {
  /** The problem type URI, e.g. https://likeness.dev/problems/no-face. */
  readonly type: string;
  /** The last segment of `type` ('no-face', 'collection-not-found', 'unauthorized', 'rate-limited', ...),
   * or one of CLIENT_KINDS. Stable: switch on this, not on `title` or `detail`. */
  readonly kind: string;
  readonly title: string;
  /** The HTTP status (0 when no answer came back). */
  readonly status: number;
  readonly detail: string;
  readonly instance?: string;
  /** The problem's other members (`field`, `faces_found`, `limit`, ...), as sent. */
  readonly extensions: Readonly<Record<string, unknown>>;
  /** Seconds the API asked to wait (Retry-After), when it said. */
  readonly retryAfter?: number;
  /** The whole problem object as sent (or as the client made it). */
  readonly problem: Problem;

  constructor(problem: Problem, options: { retryAfter?: number; cause?: unknown } = {}) {
    super(
      problem.detail ? `${problem.title}: ${problem.detail}` : problem.title,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'LikenessError';
    this.problem = problem;
    this.type = problem.type;
    this.kind = problemKind(problem.type);
    this.title = problem.title;
    this.status = problem.status;
    this.detail = problem.detail;
    if (problem.instance !== undefined) this.instance = problem.instance;
    this.extensions = Object.fromEntries(Object.entries(problem).filter(([name]) => !STANDARD.has(name)));
    if (options.retryAfter !== undefined) this.retryAfter = options.retryAfter;
  }
}

/** A problem made by the client (no problem body came back); its type is a URN naming the kind. */
export function clientProblem(kind: string, status: number, title: string, detail: string): Problem {
  return { type: `urn:likeness:client:${kind}`, title, status, detail };
}

/** Whether a parsed body looks like a problem+json object. */
export function isProblem(body: unknown): body is Problem {
  if (typeof body !== 'object' || body === null) return false;
  const { type, title, status } = body as Record<string, unknown>;
  return typeof type === 'string' && typeof title === 'string' && typeof status === 'number';
}
