// GET /v1/health: liveness plus what this deployment serves (models with their sha256), so clients
// and operators can tell which model produced a result.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../config';
import { validationHook } from '../http/errors';
import { VERSION } from '../http/openapi';
import { bundledModels } from '../runtime/manifest';
import type { InferenceRuntime } from '../runtime/types';
import { storageStatus } from '../storage';

const HealthSchema = z
  .object({
    status: z.literal('ok'),
    version: z.string().openapi({ example: '0.1.0' }),
    runtime: z.object({
      backend: z.string().openapi({ example: 'onnxruntime-web' }),
      loaded_models: z.array(z.string()).openapi({ description: 'Models whose sessions are warm in this isolate.' }),
      wasm_heap_bytes: z.number().int().optional().openapi({
        description: "Size of onnxruntime-web's WASM heap in this isolate (it only grows; the Worker has 128 MB in all). Absent before the first inference.",
        example: 60817408,
      }),
    }),
    models: z.array(
      z.object({
        id: z.string().openapi({ example: 'image-stats' }),
        version: z.string(),
        task: z.string().optional(),
        sha256: z.string().openapi({ example: '5b98db7c2728ba7043cd81e01d0cca4bfc671ea338353d04deb2917edb57c0aa' }),
        bytes: z.number().int(),
      }),
    ),
    storage: z.object({
      d1: z.enum(['ok', 'unavailable']),
      r2: z.enum(['ok', 'unavailable']),
      kv: z.enum(['ok', 'unavailable']),
    }),
    limits: z.object({ max_body_bytes: z.number().int(), max_pixels: z.number().int(), max_decode_bytes: z.number().int() }),
  })
  .openapi('Health');

const heap = (runtime: InferenceRuntime) => {
  const bytes = runtime.heapBytes?.() ?? 0;
  return bytes > 0 ? { wasm_heap_bytes: bytes } : {};
};

const route = createRoute({
  method: 'get',
  path: '/health',
  tags: ['System'],
  summary: 'Service status, version and served models',
  responses: { 200: { description: 'The service is up.', content: { 'application/json': { schema: HealthSchema } } } },
});

export const health = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(route, async (c) => {
  const limits = c.get('limits');
  return c.json(
    {
      status: 'ok' as const,
      version: VERSION,
      runtime: { backend: c.get('runtime').backend, loaded_models: c.get('runtime').loaded(), ...heap(c.get('runtime')) },
      models: bundledModels().map((m) => ({ id: m.id, version: m.version, task: m.task as string | undefined, sha256: m.sha256, bytes: m.bytes })),
      storage: await storageStatus(c.env),
      limits: { max_body_bytes: limits.maxBodyBytes, max_pixels: limits.maxPixels, max_decode_bytes: limits.maxDecodeBytes },
    },
    200,
  );
});
