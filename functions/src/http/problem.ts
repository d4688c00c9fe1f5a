// RFC 9457 problem details. Every error the API returns is one of these, with a stable `type` URI
// that clients can switch on; `title` is fixed per type, `detail` says what went wrong this time.
// This is the one place where errors get their HTTP status: domain errors (errors.ts) thrown below
// the routes by code, and the problems only the HTTP layer raises (auth, limits, routing).
import { DomainError, type DomainErrorCode } from '../errors';

export const PROBLEM_BASE = 'https://likeness.dev/problems/';

interface ProblemType {
  status: number;
  title: string;
}

/** Problems raised by the HTTP layer itself (middleware, routing, content negotiation). */
type HttpProblemKind =
  | 'not-found'
  | 'method-not-allowed'
  | 'unsupported-media-type'
  | 'not-acceptable'
  | 'unauthorized'
  | 'rate-limited'
  | 'cross-site-request'
  | 'busy'
  | 'internal';

/** Stable problem types: the key is the last segment of the `type` URI. */
export const PROBLEMS = {
  'bad-request': { status: 400, title: 'Bad request' },
  'validation-failed': { status: 422, title: 'Validation failed' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'payload-too-large': { status: 413, title: 'Payload too large' },
  'image-too-large': { status: 413, title: 'Image has too many pixels' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'unsupported-image': { status: 415, title: 'Unsupported image format' },
  'invalid-image': { status: 422, title: 'Invalid image' },
  'missing-image': { status: 400, title: 'Image missing' },
  'style-not-found': { status: 404, title: 'Style not found' },
  'not-acceptable': { status: 406, title: 'Not acceptable' },
  'no-face': { status: 422, title: 'No face found' },
  'face-not-found': { status: 422, title: 'Chosen face not found' },
  unauthorized: { status: 401, title: 'Unauthorized' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  conflict: { status: 409, title: 'Conflict' },
  'collection-not-found': { status: 404, title: 'Collection not found' },
  'subject-not-found': { status: 404, title: 'Subject not found' },
  'enrolled-face-not-found': { status: 404, title: 'Enrolled face not found' },
  'multiple-faces': { status: 422, title: 'More than one face' },
  'poor-quality': { status: 422, title: 'Face quality too poor' },
  'model-mismatch': { status: 409, title: 'Embedding from another model' },
  'no-enrolled-face': { status: 409, title: 'Subject has no enrolled face for the served model' },
  'gallery-item-not-found': { status: 404, title: 'Gallery item not found' },
  'invalid-delete-token': { status: 403, title: 'Invalid delete token' },
  'cross-site-request': { status: 403, title: 'Cross-site request refused' },
  'like-limit-reached': { status: 409, title: 'Likes from this network already counted' },
  'storage-unavailable': { status: 503, title: 'Storage unavailable' },
  'model-unavailable': { status: 503, title: 'Model unavailable' },
  busy: { status: 503, title: 'Busy' },
  internal: { status: 500, title: 'Internal error' },
} as const satisfies Record<DomainErrorCode | HttpProblemKind, ProblemType>;

export type ProblemKind = keyof typeof PROBLEMS;

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  [extension: string]: unknown;
}

/**
 * An HTTP problem. The HTTP layer throws these itself; below it, code throws DomainError, which
 * Problem.from maps (the app's error handler does, so routes need not).
 */
export class Problem extends Error {
  readonly kind: ProblemKind;
  readonly status: number;
  readonly extensions: Record<string, unknown>;

  constructor(kind: ProblemKind, detail: string, extensions: Record<string, unknown> = {}) {
    super(detail);
    this.name = 'Problem';
    this.kind = kind;
    this.status = PROBLEMS[kind].status;
    this.extensions = extensions;
  }

  static from(error: DomainError): Problem {
    return new Problem(error.kind, error.message, error.extensions);
  }

  toJSON(): ProblemBody {
    return {
      type: PROBLEM_BASE + this.kind,
      title: PROBLEMS[this.kind].title,
      status: this.status,
      detail: this.message,
      ...this.extensions,
    };
  }
}

/** The Problem a thrown value stands for: itself, or a domain error mapped; undefined for anything else. */
export function asProblem(error: unknown): Problem | undefined {
  if (error instanceof Problem) return error;
  if (error instanceof DomainError) return Problem.from(error);
  return undefined;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problemResponse(problem: Problem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(problem.toJSON()), {
    status: problem.status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...headers },
  });
}
