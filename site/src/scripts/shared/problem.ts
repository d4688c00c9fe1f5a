// RFC 9457 problem+json parsing for the site's API clients: `parseProblem` turns an error response
// into ProblemDetails, `ApiProblem` carries it (with `kind`, the last segment of the `type` URI).

/**
 * A problem as the site handles it. Wider than the API's Problem schema (functions/src/http/openapi.ts):
 * the site also makes problems of its own for network failures and answers that are not problem+json
 * (a proxy's HTML error page), which may have no detail.
 */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  /** The request field the problem is about, when the API names one ("a", "image", "a_face"...). */
  field?: string;
  [extension: string]: unknown;
}

/** The last segment of a problem `type` URI: "no-face", "invalid-image"... */
export function problemKind(type: string | undefined): string {
  if (!type) return 'about:blank';
  return (
    type
      .replace(/[?#].*$/, '')
      .replace(/\/+$/, '')
      .split('/')
      .pop() || type
  );
}

/** An API error (problem+json), a network failure (status 0) or an unexpected answer. */
export class ApiProblem extends Error {
  readonly kind: string;
  readonly status: number;
  readonly field?: string;
  readonly problem: ProblemDetails;

  constructor(problem: ProblemDetails) {
    super(problem.detail || problem.title);
    this.name = 'ApiProblem';
    this.problem = problem;
    this.kind = problemKind(problem.type);
    this.status = problem.status;
    this.field = typeof problem.field === 'string' ? problem.field : undefined;
  }
}

export const NETWORK_PROBLEM = 'network';
export const UNEXPECTED_PROBLEM = 'unexpected-response';

/** Parse an error response: problem+json (or any JSON with a `type`), else a synthetic problem from the status. */
export function parseProblem(status: number, contentType: string, body: string): ProblemDetails {
  if (/json/i.test(contentType)) {
    try {
      const json = JSON.parse(body) as Partial<ProblemDetails>;
      if (json && typeof json === 'object') {
        return {
          ...json,
          type: typeof json.type === 'string' ? json.type : 'about:blank',
          title: typeof json.title === 'string' ? json.title : `HTTP ${status}`,
          status: typeof json.status === 'number' ? json.status : status,
          detail: typeof json.detail === 'string' ? json.detail : undefined,
        };
      }
    } catch {
      /* fall through */
    }
  }
  return { type: 'about:blank', title: `HTTP ${status}`, status };
}
