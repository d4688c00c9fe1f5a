// npm run style:build [-- --run cin10] [--skip-export] — turns the latest checkpoint of a training
// run into the Worker's style model, in one command:
//   1. export      npm run style:export -> .cache/models/style/<run>-torch.onnx (+ .json: styles, step)
//   2. rewrite     instance norms take optional external statistics (external-norm.ts), for tiling;
//                  checked equal to the export with norm_mix = 0
//   3. int8?       static QDQ candidate (quantize.ts), calibrated on the run's held-out photos; kept
//                  only if it looks the same (PSNR >= 35 dB and mean |diff| <= 1.5/255 against fp32
//                  on every test image and style) AND is faster in onnxruntime-web (>= 1.15x);
//                  figures: docs/styles/quantization.json, figure: docs/styles/quantization.png
//   4. write       models/style/style-cin10.onnx and its models/manifest.json entry (sha256, step)
//   5. thumbnails  site/public/styles/<id>.jpg (thumbnails.ts)
// Needs /usr/bin/python3 with torch (export) and ../shared/data/style (calibration, test photos,
// thumbnails); without the data the fp32 model is written and int8 is reported as not measured.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import { encodeImage } from '../../../functions/src/image/index.ts';
import type { RgbImage } from '../../../functions/src/image/types.ts';
import type { InferenceRuntime } from '../../../functions/src/runtime/types.ts';
import { STYLE_MODEL, stylize, type StyleModel } from '../../../functions/src/pipeline/stylize.ts';
import { updateManifestEntry } from '../../lib/manifest.ts';
import { crop, difference, differenceImage, grid, loadPhoto, nodeRuntime, round, type Difference } from './compare.ts';
import { externalNorm } from './external-norm.ts';
import { PAINTINGS } from './paintings.ts';
import { CACHE_DIR, DOCS_DIR, REPO_ROOT, RUNS_DIR, SHARED_STYLE, STYLE_DIR } from './paths.ts';
import { calibrate, quantizeConvs, type Feeds } from './quantize.ts';
import { makeThumbnails, thumbnailPath } from './thumbnails.ts';

const MODEL_FILE = 'style/style-cin10.onnx';
/** Photos never trained on (content/classic is the training's evaluation set). */
const TEST_PHOTOS = ['golden_gate.jpg', 'chicago.jpg', 'lion.jpg', 'sailboat.jpg'];
const TEST_SIDE = 384;
const FIGURE_CROP = 176;
const CALIBRATION_SIDE = 256;
const INT8_MIN_PSNR = 35;
const INT8_MAX_MEAN_ABS = 1.5;
const INT8_MIN_SPEEDUP = 1.15;

const log = (s: string) => console.log(`[style:build] ${s}`);

interface ExportMeta {
  styles: string[];
  run: string;
  step: number;
  opset: number;
}

function exportRun(run: string, out: string, skip: boolean): ExportMeta {
  const meta = out.replace(/\.onnx$/, '.json');
  if (!skip || !existsSync(out)) {
    log(`exporting run '${run}' (npm run style:export)`);
    const r = spawnSync('npm', ['run', '--silent', 'style:export', '--', '--run', run, '--out', out], { cwd: REPO_ROOT, stdio: 'inherit' });
    if (r.status !== 0)
      throw new Error(`style:export failed (exit ${r.status}); it needs /usr/bin/python3 with torch and ${join(RUNS_DIR, run)}/ckpt.pt`);
  }
  return JSON.parse(readFileSync(meta, 'utf8')) as ExportMeta;
}

const tensor = (data: Float32Array, dims: number[]) => ({ data, dims });

function feedsFor(image: RgbImage, styleIndex: number, styles: number, statsLength: number): Feeds {
  const plane = image.width * image.height;
  const input = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) for (let c = 0; c < 3; c++) input[c * plane + i] = image.data[i * 3 + c] / 255;
  const style = new Float32Array(styles);
  style[styleIndex] = 1;
  return {
    input: tensor(input, [1, 3, image.height, image.width]),
    style: tensor(style, [1, styles]),
    norm_stats: tensor(new Float32Array(statsLength), [1, statsLength]),
    norm_mix: tensor(new Float32Array(1), [1, 1]),
  };
}

/** Largest |a - b| between the torch export and the rewritten model (norm_mix = 0) on one input. */
async function rewriteError(torchBytes: Uint8Array, rewritten: Uint8Array, feeds: Feeds): Promise<number> {
  const a = await ort.InferenceSession.create(torchBytes, { intraOpNumThreads: 1 });
  const b = await ort.InferenceSession.create(rewritten, { intraOpNumThreads: 1 });
  const t = (f: { data: Float32Array; dims: number[] }) => new ort.Tensor('float32', f.data, f.dims);
  const oa = (await a.run({ input: t(feeds.input), style: t(feeds.style) })).output.data as Float32Array;
  const ob = (await b.run(Object.fromEntries(Object.entries(feeds).map(([k, v]) => [k, t(v)])))).output.data as Float32Array;
  let worst = 0;
  for (let i = 0; i < oa.length; i++) worst = Math.max(worst, Math.abs(oa[i] - ob[i]));
  await a.release();
  await b.release();
  return worst;
}

function cropTo4(image: RgbImage): RgbImage {
  const width = image.width - (image.width % 4);
  const height = image.height - (image.height % 4);
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) data.set(image.data.subarray(y * image.width * 3, (y * image.width + width) * 3), y * width * 3);
  return { width, height, data };
}

interface SpeedFigures {
  side: number;
  fp32Ms: number;
  int8Ms: number;
  speedup: number;
}

async function timeModel(runtime: InferenceRuntime, model: StyleModel, image: RgbImage, runs: number): Promise<number> {
  await stylize(runtime, image, { style: model.styles[0], model, tile: 4096 });
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await stylize(runtime, image, { style: model.styles[i % model.styles.length], model, tile: 4096 });
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

async function main() {
  const { values } = parseArgs({
    options: { run: { type: 'string', default: 'cin10' }, 'skip-export': { type: 'boolean', default: false } },
  });
  const run = values.run!;
  mkdirSync(CACHE_DIR, { recursive: true });
  mkdirSync(DOCS_DIR, { recursive: true });

  const torchPath = join(CACHE_DIR, `${run}-torch.onnx`);
  const meta = exportRun(run, torchPath, values['skip-export']!);
  const torchBytes = new Uint8Array(readFileSync(torchPath));
  for (const s of meta.styles) if (!PAINTINGS[s]) throw new Error(`style '${s}' has no painting record in models/style/build/paintings.ts`);
  log(`run ${meta.run} step ${meta.step}: ${meta.styles.length} styles, torch export ${torchBytes.byteLength} bytes`);

  const { bytes: fp32, layers, statsLength } = externalNorm(torchBytes);
  const probe: RgbImage = {
    width: 96,
    height: 64,
    data: Uint8Array.from({ length: 96 * 64 * 3 }, (_, i) => (i * 37 + (i >> 7) * 11) % 256),
  };
  const rewriteMax = await rewriteError(torchBytes, fp32, feedsFor(probe, 0, meta.styles.length, statsLength));
  if (rewriteMax > 1e-5) throw new Error(`external-norm rewrite changed the output by ${rewriteMax}`);
  log(
    `external-norm rewrite: ${layers.length} instance norms, norm_stats length ${statsLength}, max |diff| vs export ${rewriteMax.toExponential(2)}`,
  );

  const candidate: StyleModel = { id: STYLE_MODEL, normStatsLength: statsLength, styles: meta.styles };
  let int8Bytes: Uint8Array | undefined;
  let decision: Record<string, unknown> = { shipped: 'fp32', reason: `not measured: ${SHARED_STYLE} is missing` };
  const photosDir = join(SHARED_STYLE, 'content', 'classic');
  const heldout = join(RUNS_DIR, run, 'heldout.txt');
  if (existsSync(photosDir) && existsSync(heldout)) {
    // Calibration: the run's 20 held-out photos (never trained on), each with every style.
    const calibrationPhotos = readFileSync(heldout, 'utf8').split('\n').filter(Boolean);
    const feeds: Feeds[] = [];
    for (const [i, rel] of calibrationPhotos.entries()) {
      const image = cropTo4(await loadPhoto(join(SHARED_STYLE, rel), CALIBRATION_SIDE));
      feeds.push(feedsFor(image, i % meta.styles.length, meta.styles.length, statsLength));
    }
    log(`int8: calibrating on ${feeds.length} held-out photos (${CALIBRATION_SIDE} px, styles in turn)`);
    const ranges = await calibrate(fp32, feeds);
    const { bytes: int8, report } = quantizeConvs(fp32, ranges, (_conv, index, count) => index === count - 1);
    int8Bytes = int8;
    writeFileSync(join(CACHE_DIR, `${run}-int8.onnx`), int8);
    log(
      `int8 candidate: ${int8.byteLength} bytes (fp32 ${fp32.byteLength}); ${report.quantizedConvs} convs int8, float: ${report.floatConvs.join(', ')}`,
    );

    // Quality: the stage's output (8-bit images) with fp32 vs int8, test photos x every style.
    const fp32Runtime = nodeRuntime({ [STYLE_MODEL]: fp32 });
    const int8Runtime = nodeRuntime({ [STYLE_MODEL]: int8 });
    const perImage: (Difference & { photo: string; style: string })[] = [];
    const figureRows: RgbImage[][] = [];
    const figureStyles: string[] = [];
    for (const [p, photoName] of TEST_PHOTOS.entries()) {
      const photo = await loadPhoto(join(photosDir, photoName), TEST_SIDE);
      for (const [si, style] of meta.styles.entries()) {
        const a = (await stylize(fp32Runtime, photo, { style, model: candidate })).image;
        const b = (await stylize(int8Runtime, photo, { style, model: candidate })).image;
        perImage.push({ photo: photoName, style, ...difference(a, b) });
        if (si === (p * 3) % meta.styles.length) {
          // 1:1 crops from the centre, so the figure shows pixels as they are and stays small.
          const side = Math.min(FIGURE_CROP, a.width, a.height);
          const x = (a.width - side) >> 1;
          const y = (a.height - side) >> 1;
          const [ca, cb] = [crop(a, x, y, side, side), crop(b, x, y, side, side)];
          figureRows.push([ca, cb, differenceImage(ca, cb, 8)]);
          figureStyles.push(`${photoName.replace(/\.jpg$/, '')}: ${style}`);
        }
      }
    }
    const worstPsnr = Math.min(...perImage.map((d) => d.psnr));
    const worstMeanAbs = Math.max(...perImage.map((d) => d.meanAbs));
    const maxAbs = Math.max(...perImage.map((d) => d.maxAbs));
    const meanPsnr = perImage.reduce((s, d) => s + d.psnr, 0) / perImage.length;
    const figure = grid(figureRows);
    writeFileSync(join(DOCS_DIR, 'quantization.png'), await encodeImage(figure, 'png'));

    // Speed: one pass at the tile size, onnxruntime-web (WASM, 1 thread, as in the Worker) and -node.
    const { webRuntime } = await import('./ort-web-node.ts');
    const speedPhoto = await loadPhoto(join(photosDir, TEST_PHOTOS[0]), TEST_SIDE);
    const square = cropTo4(speedPhoto);
    const web: SpeedFigures = { side: Math.max(square.width, square.height), fp32Ms: 0, int8Ms: 0, speedup: 0 };
    web.fp32Ms = await timeModel(webRuntime({ [STYLE_MODEL]: fp32 }), candidate, square, 5);
    web.int8Ms = await timeModel(webRuntime({ [STYLE_MODEL]: int8 }), candidate, square, 5);
    web.speedup = web.fp32Ms / web.int8Ms;
    const native: SpeedFigures = {
      side: web.side,
      fp32Ms: await timeModel(fp32Runtime, candidate, square, 5),
      int8Ms: await timeModel(int8Runtime, candidate, square, 5),
      speedup: 0,
    };
    native.speedup = native.fp32Ms / native.int8Ms;

    const looksSame = worstPsnr >= INT8_MIN_PSNR && worstMeanAbs <= INT8_MAX_MEAN_ABS;
    const faster = web.speedup >= INT8_MIN_SPEEDUP;
    const shipped = looksSame && faster ? 'int8' : 'fp32';
    decision = {
      shipped,
      reason: [
        looksSame
          ? `int8 looks the same (worst PSNR ${worstPsnr.toFixed(1)} dB >= ${INT8_MIN_PSNR}, worst mean |diff| ${worstMeanAbs.toFixed(2)} <= ${INT8_MAX_MEAN_ABS})`
          : `int8 does not look the same (worst PSNR ${worstPsnr.toFixed(1)} dB, worst mean |diff| ${worstMeanAbs.toFixed(2)}/255; needs >= ${INT8_MIN_PSNR} dB and <= ${INT8_MAX_MEAN_ABS})`,
        faster
          ? `and is ${web.speedup.toFixed(2)}x faster in onnxruntime-web`
          : `and is ${web.speedup.toFixed(2)}x the speed of fp32 in onnxruntime-web (needs >= ${INT8_MIN_SPEEDUP}x)`,
      ].join(' '),
      int8Bytes: int8.byteLength,
      fp32Bytes: fp32.byteLength,
      quality: {
        images: `${TEST_PHOTOS.length} photos from content/classic (${TEST_PHOTOS.join(', ')}) at ${TEST_SIDE} px x ${meta.styles.length} styles, stage output (8-bit)`,
        worstPsnrDb: round(worstPsnr),
        meanPsnrDb: round(meanPsnr),
        worstMeanAbs: round(worstMeanAbs),
        maxAbs,
      },
      speed: {
        onnxruntimeWeb: { ...web, fp32Ms: round(web.fp32Ms, 0), int8Ms: round(web.int8Ms, 0), speedup: round(web.speedup) },
        onnxruntimeNode: { ...native, fp32Ms: round(native.fp32Ms, 0), int8Ms: round(native.int8Ms, 0), speedup: round(native.speedup) },
        note: 'median of 5 single-pass runs, 1 thread, on a shared 2-core machine (training in the background)',
      },
      figure: `docs/styles/quantization.png: rows = test photos (one style each: ${figureStyles.join(', ')}), ${FIGURE_CROP} px centre crops at 1:1; columns = fp32, int8, |fp32 - int8| x 8`,
      calibration: `${feeds.length} held-out photos of run ${run} (runs/${run}/heldout.txt) at ${CALIBRATION_SIDE} px, one style each in turn`,
      perImage: perImage.map((d) => ({ ...d, meanAbs: round(d.meanAbs, 3), psnr: round(d.psnr) })),
    };
    writeFileSync(join(DOCS_DIR, 'quantization.json'), `${JSON.stringify({ model: `${run} step ${meta.step}`, ...decision }, null, 2)}\n`);
    log(`int8 decision: ${shipped}: ${decision.reason as string}`);
  } else {
    log(`int8: skipped (${photosDir} or ${heldout} missing); shipping fp32`);
  }

  const shipInt8 = decision.shipped === 'int8' && int8Bytes;
  writeFileSync(join(STYLE_DIR, 'style-cin10.onnx'), shipInt8 ? int8Bytes! : fp32);
  const { perImage: _omit, ...decisionSummary } = decision;
  updateManifestEntry({
    id: STYLE_MODEL,
    version: `${meta.run}-step${meta.step}`,
    file: MODEL_FILE,
    task: 'style-transfer',
    description: `Feed-forward style transfer (Johnson-style network, 16/32/64 channels, 3 residual blocks) with conditional instance norm: one network for ${meta.styles.length} styles, picked or blended by the style weight vector. Instance norms accept external statistics for tiled inference.`,
    bundle: true,
    source: {
      kind: 'trained',
      script: 'models/style/train/train.py (npm run style:train), exported by models/style/build/build.ts (npm run style:build)',
      run: meta.run,
      step: meta.step,
      config: 'models/style/config/styles.json',
      opset: meta.opset,
    },
    licence:
      'MIT (this repository; trained here). The style paintings are public domain (see styles); content photos used in training are not redistributed.',
    inputs: {
      input: {
        dtype: 'float32',
        shape: ['N', 3, 'H', 'W'],
        layout: 'NCHW',
        colour: 'RGB',
        range: '0..1',
        normalisation: 'in-graph: x * 2 - 1',
        constraints: 'H and W multiples of 4, at least 8 (reflection padding)',
      },
      style: {
        dtype: 'float32',
        shape: ['N', meta.styles.length],
        range: '0..1',
        meaning: 'style weights in the order of `styles`; one-hot picks a style, a convex mix (sum 1) blends',
      },
      norm_stats: {
        dtype: 'float32',
        shape: ['N', statsLength],
        range: '0..1',
        meaning: `external instance-norm statistics: for each of the ${layers.length} instance norms in graph order, C means then C variances (channels ${layers.map((l) => l.channels).join(', ')}); read them from norm_stats_out of a whole-image pass; ignored when norm_mix = 0`,
      },
      norm_mix: {
        dtype: 'float32',
        shape: ['N', 1],
        range: '0..1',
        meaning: '0: plain instance norm (each pass its own statistics); 1: normalise with norm_stats (tiles of one image)',
      },
    },
    outputs: {
      output: '[N,3,H,W] float32 RGB in 0..1 (sigmoid), NCHW',
      norm_stats_out: `[N,${statsLength}] the statistics each instance norm computed from its own input in this pass (layout of norm_stats)`,
    },
    styles: meta.styles.map((id) => ({ id, ...PAINTINGS[id], thumbnail: thumbnailPath(id) })),
    quantization:
      decision.shipped === 'int8'
        ? {
            method: 'static QDQ: uint8 activations, int8 per-channel Conv weights (models/style/build/quantize.ts); last conv float',
            ...decisionSummary,
          }
        : `none (fp32): ${decision.reason as string}; figures in docs/styles/quantization.json`,
    accuracy: `Trained network, no reference output: quality is judged on the held-out contact sheet (npm run style:report) and docs/styles/. Step ${meta.step} of ${meta.run}; the lead re-exports later checkpoints with npm run style:build.`,
  });
  log(`wrote models/${MODEL_FILE} (${decision.shipped}) and its manifest entry (version ${meta.run}-step${meta.step})`);

  await makeThumbnails(meta.styles, log);
}

await main();
