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

/** The page could not reach the server (offline, DNS, a dropped connection). */
export const networkProblem = () =>
  new ApiProblem({ type: NETWORK_PROBLEM, title: 'Network error', status: 0, detail: 'The server could not be reached.' });

/** The server answered, but not in the shape the page expects. */
export const unexpectedAnswer = (status: number, detail = 'The server answered in an unexpected format.') =>
  new ApiProblem({ type: UNEXPECTED_PROBLEM, title: 'Unexpected response', status, detail });

/** Anything thrown while handling a request, as an ApiProblem the page can show. */
export const asApiProblem = (e: unknown): ApiProblem =>
  e instanceof ApiProblem ? e : new ApiProblem({ type: UNEXPECTED_PROBLEM, title: 'Unexpected error', status: 0, detail: String(e) });

/**
 * fetch with the site's error handling: a network failure or an error answer becomes an ApiProblem
 * (with `retry_after` when the server says when to retry), an abort stays an AbortError, and the
 * body is returned as text for the caller to parse.
 */
export async function fetchText(path: string, init: RequestInit = {}): Promise<{ status: number; body: string }> {
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw networkProblem();
  }
  const body = await res.text();
  if (!res.ok) {
    const problem = parseProblem(res.status, res.headers.get('content-type') ?? '', body);
    const retry = Number(res.headers.get('retry-after'));
    throw new ApiProblem(Number.isFinite(retry) && retry > 0 ? { ...problem, retry_after: retry } : problem);
  }
  return { status: res.status, body };
}
