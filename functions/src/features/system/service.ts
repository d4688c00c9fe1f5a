// The system feature: liveness plus what this deployment serves (models with their sha256, so
// clients and operators can tell which model produced a result), and a photo's brightness,
// contrast and sharpness (so a client can ask for a retake before sending it anywhere). Nothing is
// stored.
import type { Bindings } from '../../config';
import { VERSION } from '../../http/openapi';
import { decodeImage } from '../../image';
import type { ImageLimits } from '../../image/limits';
import { swapsAxes } from '../../image/orientation';
import { measureImageStats } from '../../pipeline/image-stats';
import { bundledModels } from '../../runtime/manifest';
import type { InferenceRuntime } from '../../runtime/types';
import { storageStatus } from '../../storage';
import { STATS_ANALYSIS_SIDE, type HealthJson, type ImageStatsJson } from './schema';

const heap = (runtime: InferenceRuntime) => {
  const bytes = runtime.heapBytes?.() ?? 0;
  return bytes > 0 ? { wasm_heap_bytes: bytes } : {};
};

export async function health(
  runtime: InferenceRuntime,
  env: Pick<Bindings, 'DB' | 'MEDIA' | 'KV'>,
  limits: ImageLimits,
): Promise<HealthJson> {
  return {
    status: 'ok',
    version: VERSION,
    runtime: { backend: runtime.backend, loaded_models: runtime.loaded(), ...heap(runtime) },
    models: bundledModels().map((m) => ({
      id: m.id,
      version: m.version,
      task: m.task as string | undefined,
      sha256: m.sha256,
      bytes: m.bytes,
    })),
    storage: await storageStatus(env),
    limits: { max_body_bytes: limits.maxBodyBytes, max_pixels: limits.maxPixels, max_decode_bytes: limits.maxDecodeBytes },
  };
}

/** Measured on the photo scaled to at most STATS_ANALYSIS_SIDE; sizes as displayed (EXIF applied). */
export async function imageStats(
  runtime: InferenceRuntime,
  upload: { field: string; bytes: Uint8Array },
  limits: Partial<ImageLimits>,
): Promise<ImageStatsJson> {
  const decoded = await decodeImage(upload.bytes, { limits, maxSide: STATS_ANALYSIS_SIDE, field: upload.field });
  const stats = await measureImageStats(runtime, decoded.image);
  const upright = swapsAxes(decoded.orientation);
  return {
    width: upright ? decoded.sourceHeight : decoded.sourceWidth,
    height: upright ? decoded.sourceWidth : decoded.sourceHeight,
    format: decoded.format,
    analysed: { width: decoded.image.width, height: decoded.image.height },
    ...stats,
  };
}
