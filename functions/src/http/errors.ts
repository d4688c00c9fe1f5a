// Turns every failure into application/problem+json, in one place: domain errors thrown below the
// routes, the HTTP layer's own Problems, Hono's HTTP exceptions, zod validation failures, unknown
// routes (404) and known routes with the wrong method (405).
import type { Context, Env, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ZodError } from 'zod';
import { asProblem, Problem, problemResponse } from './problem';

export const onError: ErrorHandler = (error, c) => {
  const problem = asProblem(error);
  if (problem) {
    // A problem that says when to retry (rate-limited, busy) says it in the header too.
    const retry = problem.extensions.retry_after;
    return problemResponse(problem, { ...corsHeaders(c), ...(typeof retry === 'number' ? { 'retry-after': String(retry) } : {}) });
  }
  if (error instanceof HTTPException) {
    const kind = error.status === 413 ? 'payload-too-large' : error.status === 404 ? 'not-found' : 'bad-request';
    return problemResponse(new Problem(kind, error.message || 'The request could not be processed.'), corsHeaders(c));
  }
  // Unexpected: log it for the operator, tell the client nothing internal.
  console.error('unhandled error', c.req.method, c.req.path, error);
  return problemResponse(new Problem('internal', 'Something went wrong on our side; the request was not completed.'), corsHeaders(c));
};

// CORS middleware headers are set on c.res, which a fresh error Response does not carry over.
function corsHeaders(c: Context): Record<string, string> {
  const origin = c.res?.headers.get('access-control-allow-origin');
  return origin ? { 'access-control-allow-origin': origin, vary: 'Origin' } : {};
}

/** Converts a zod error into a 422 problem that names each failing field. */
export function validationProblem(error: ZodError, where: string): Problem {
  const errors = error.issues.map((issue) => ({
    field: issue.path.length ? issue.path.join('.') : where,
    message: issue.message,
  }));
  const first = errors[0];
  return new Problem('validation-failed', `${first.field}: ${first.message}`, { errors });
}

/** zod-openapi's defaultHook: validation failures become problems instead of zod's default JSON. */
export const validationHook = (result: { success: boolean; error?: unknown; target?: string }) => {
  if (!result.success) throw validationProblem(result.error as ZodError, result.target ?? 'body');
};

interface RouteInfo {
  method: string;
  path: string;
}

function pathPattern(path: string): RegExp {
  const body = path
    .split('/')
    .map((part) => (part.startsWith(':') ? '[^/]+' : part === '*' ? '.*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${body}/?$`);
}

/** 404 for unknown paths; 405 with an Allow header when the path exists under other methods. */
export function notFound<E extends Env>(routes: () => readonly RouteInfo[]): NotFoundHandler<E> {
  return (c) => {
    const allowed = new Set(
      routes()
        .filter((r) => r.method !== 'ALL' && pathPattern(r.path).test(c.req.path))
        .map((r) => r.method),
    );
    if (allowed.size > 0) {
      if (allowed.has('GET')) allowed.add('HEAD');
      allowed.add('OPTIONS');
      const allow = [...allowed].sort().join(', ');
      return problemResponse(
        new Problem('method-not-allowed', `${c.req.method} is not allowed on ${c.req.path}; use ${allow}.`, { allow: [...allowed].sort() }),
        {
          allow,
          ...corsHeaders(c),
        },
      );
    }
    return problemResponse(new Problem('not-found', `No API route matches ${c.req.method} ${c.req.path}.`), corsHeaders(c));
  };
}
