// Inputs for profiling the served models as the pipeline feeds them: a 256 px detector frame, four
// 150 px chips, one 256 px style tile (bench/kernels.ts and its onnxruntime-web child process).
import { STYLE_MODEL, styleModel } from '../../functions/src/pipeline/stylize';

export const PROFILED_MODELS = ['blazeface-back', 'dlib-face-encoder', STYLE_MODEL] as const;

export type Feeds = Record<string, { type: 'float32'; data: Float32Array; dims: number[] }>;

const random = (n: number, scale: number) => Float32Array.from({ length: n }, (_, i) => ((i * 7919) % 1000) / (1000 / scale));

/** Inputs like the pipeline's: a 256 px detector frame, four 150 px chips, one 256 px style tile. */
export function feedsFor(id: string): Feeds {
  if (id === 'blazeface-back') return { image: { type: 'float32', data: random(256 * 256 * 3, 1), dims: [1, 256, 256, 3] } };
  if (id === 'dlib-face-encoder') return { image: { type: 'float32', data: random(4 * 150 * 150 * 3, 255), dims: [4, 150, 150, 3] } };
  const { normStatsLength: stats, styles: ids } = styleModel();
  const styles = ids.length;
  return {
    input: { type: 'float32', data: random(3 * 256 * 256, 1), dims: [1, 3, 256, 256] },
    style: { type: 'float32', data: Float32Array.from({ length: styles }, (_, i) => (i === 0 ? 1 : 0)), dims: [1, styles] },
    norm_stats: { type: 'float32', data: new Float32Array(stats), dims: [1, stats] },
    norm_mix: { type: 'float32', data: Float32Array.of(0), dims: [1, 1] },
  };
}
