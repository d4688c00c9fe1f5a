// The system feature's JSON: GET /v1/health (what this deployment serves) and POST /v1/images/stats
// (a photo's brightness, contrast and sharpness), as zod schemas and the types derived from them.
import { z } from '@hono/zod-openapi';

/** Image stats are measured on the photo scaled to this longest side, so sharpness is comparable. */
export const STATS_ANALYSIS_SIDE = 512;

export const HealthSchema = z
  .object({
    status: z.literal('ok'),
    version: z.string().openapi({ example: '0.1.0' }),
    runtime: z.object({
      backend: z.string().openapi({ example: 'onnxruntime-web' }),
      loaded_models: z.array(z.string()).openapi({ description: 'Models whose sessions are warm in this isolate.' }),
      wasm_heap_bytes: z.number().int().optional().openapi({
        description:
          "Size of onnxruntime-web's WASM heap in this isolate (it only grows; the Worker has 128 MB in all). Absent before the first inference.",
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

export const ImageStatsSchema = z
  .object({
    width: z.number().int().openapi({ description: 'Width of the uploaded image after EXIF orientation.', example: 1280 }),
    height: z.number().int().openapi({ example: 960 }),
    format: z.enum(['jpeg', 'png', 'webp']),
    analysed: z
      .object({ width: z.number().int(), height: z.number().int() })
      .openapi({ description: `The image is analysed scaled to at most ${STATS_ANALYSIS_SIDE} px on its longest side.` }),
    brightness: z.number().openapi({ description: 'Mean luma, 0 (black) to 1 (white).', example: 0.46 }),
    contrast: z.number().openapi({ description: 'Standard deviation of luma, 0 to 0.5.', example: 0.21 }),
    sharpness: z
      .number()
      .openapi({ description: 'Variance of the Laplacian of luma at the analysed size; higher is sharper.', example: 0.0041 }),
  })
  .openapi('ImageStats');

/** The answer of GET /v1/health. */
export type HealthJson = z.infer<typeof HealthSchema>;
/** The answer of POST /v1/images/stats. */
export type ImageStatsJson = z.infer<typeof ImageStatsSchema>;
