// Stage: brightness, contrast and sharpness of an RGB image, measured by the image-stats model.
// Used to tell users why a photo may be a poor input (dark, flat, blurred) and as the runtime probe.
import type { RgbImage } from '../image/types';
import type { InferenceRuntime } from '../runtime/types';
import { toNchw, UNIT_RANGE } from './tensor';

export const IMAGE_STATS_MODEL = 'image-stats';

export interface ImageStats {
  /** Mean luma, 0 (black) .. 1 (white). */
  brightness: number;
  /** Standard deviation of luma, 0 .. 0.5. */
  contrast: number;
  /** Variance of the Laplacian of luma; higher is sharper. Depends on resolution. */
  sharpness: number;
}

export async function measureImageStats(runtime: InferenceRuntime, image: RgbImage): Promise<ImageStats> {
  if (image.width < 3 || image.height < 3) throw new RangeError('image-stats needs at least 3x3 pixels');
  const out = await runtime.run(IMAGE_STATS_MODEL, { image: toNchw(image, UNIT_RANGE) });
  const scalar = (name: string) => Number(out[name].data[0]);
  return { brightness: scalar('brightness'), contrast: scalar('contrast'), sharpness: scalar('sharpness') };
}
