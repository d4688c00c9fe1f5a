// Helpers for the collections (recognition) tests inside workerd: tenants and API keys made directly in the test
// D1 database with the product's own key code (what `npm run keys:create` does for the local one),
// and requests to the real Worker with a key.
import { env, exports } from 'cloudflare:workers';
import { generateApiKey } from '../../functions/src/http/api-keys';
import type { Bindings } from '../../functions/src/config';
import { createTenantKey } from '../../functions/src/storage';
import { faceFixture } from './fixtures';

export const worker = (exports as unknown as { default: Fetcher }).default;
export const bindings = env as unknown as Bindings;
export const PROBLEM = 'https://likeness.dev/problems/';

export interface TestKey {
  key: string;
  tenantId: string;
  keyId: string;
}

let tenants = 0;
/** A new tenant with one live key. */
export async function newTenantKey(name = `tenant-${Date.now()}-${++tenants}-${Math.random().toString(36).slice(2, 8)}`): Promise<TestKey> {
  const made = await generateApiKey();
  const { tenantId, keyId } = await createTenantKey(bindings.DB, name, made);
  return { key: made.key, tenantId, keyId };
}

export function photoForm(fields: Record<string, string | Uint8Array>): FormData {
  const f = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'string') f.append(name, value);
    else f.append(name, new Blob([value], { type: 'image/jpeg' }), `${name}.jpg`);
  }
  return f;
}

export const photo = (name: string, extra: Record<string, string> = {}) => photoForm({ image: faceFixture(name), ...extra });

/** A request to the real Worker under /v1 with `key` (none when undefined). */
export async function call(
  key: string | undefined,
  method: string,
  path: string,
  body?: BodyInit | object,
  headers: Record<string, string> = {},
): Promise<Response> {
  const h: Record<string, string> = { ...headers };
  if (key !== undefined) h.authorization = `Bearer ${key}`;
  let payload: BodyInit | undefined;
  if (body instanceof FormData || body instanceof Uint8Array || typeof body === 'string') payload = body as BodyInit;
  else if (body !== undefined) {
    payload = JSON.stringify(body);
    h['content-type'] = 'application/json';
  }
  return worker.fetch(new Request(`http://likeness.test/v1${path}`, { method, body: payload, headers: h }));
}

export async function json<T = Record<string, unknown>>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  if (response.status !== status) throw new Error(`expected HTTP ${status}, got ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}
