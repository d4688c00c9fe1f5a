// What every collections route shares: the caller's tenant scope and the model work from the Hono
// context, and the OpenAPI security and problems of the API-key middleware (routes.ts).
import type { Context } from 'hono';
import type { AppEnv } from '../../config';
import type { ProblemKind } from '../../http/problem';
import type { FaceWork, TenantScope } from './service';

export const SECURITY = [{ apiKey: [] as string[] }];
export const AUTH_PROBLEMS = ['unauthorized', 'rate-limited'] as const satisfies readonly ProblemKind[];

/** The caller's collections (requireApiKey has set the caller). */
export const scopeOf = (c: Context<AppEnv>): TenantScope => ({ db: c.env.DB, tenantId: c.get('caller').tenantId });

export const workOf = (c: Context<AppEnv>): FaceWork => ({ runtime: c.get('runtime'), limits: c.get('limits') });
