// Shared helpers of the face-model tests: the original libraries (TF.js 4.22 on its WASM backend,
// @vladmandic/face-api 1.7.15's node-wasm build, Human's BlazeFace graph model) loaded from the
// pinned devDependencies, and paths to the committed models. tfjs-node cannot be installed here, so
// face-api runs on @tensorflow/tfjs + @tensorflow/tfjs-backend-wasm, both loaded through require()
// so that face-api's own require('@tensorflow/tfjs') gets the same engine instance.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as TF from '@tensorflow/tfjs';

const require = createRequire(import.meta.url);
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const FACE_API_DIR = dirname(require.resolve('@vladmandic/face-api/package.json'));
// Human's exports map hides package.json; its main entry sits in dist/.
export const HUMAN_DIR = join(dirname(require.resolve('@vladmandic/human')), '..');
export const MODELS = join(ROOT, 'models');

export interface ManifestModel {
  id: string;
  file: string;
  sha256: string;
  bytes: number;
  source: { package: string; files: Record<string, string> };
  reference?: { fp32Sha256: string };
  [k: string]: unknown;
}
export const manifestModel = (id: string): ManifestModel => {
  const m = (JSON.parse(readFileSync(join(MODELS, 'manifest.json'), 'utf8')) as { models: ManifestModel[] }).models.find(
    (x) => x.id === id,
  );
  if (!m) throw new Error(`manifest has no ${id}`);
  return m;
};

let tfReady: Promise<typeof TF> | undefined;
/** TF.js on the WASM backend (single-threaded, SIMD), initialised once per test file. */
export function tfjs(): Promise<typeof TF> {
  tfReady ??= (async () => {
    const tf = require('@tensorflow/tfjs') as typeof TF;
    const wasm = require('@tensorflow/tfjs-backend-wasm') as { setWasmPaths: (p: string) => void };
    wasm.setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}/`);
    await tf.setBackend('wasm');
    await tf.ready();
    tf.env().set('PROD', true);
    return tf;
  })();
  return tfReady;
}

export interface FaceApiRecognition {
  computeFaceDescriptor(input: TF.Tensor3D): Promise<Float32Array>;
}
/** face-api's FaceRecognitionNet with the package's own weights. */
export async function faceApiRecognition(): Promise<FaceApiRecognition> {
  await tfjs();
  const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as {
    nets: { faceRecognitionNet: FaceApiRecognition & { loadFromDisk(dir: string): Promise<void> } };
  };
  await faceapi.nets.faceRecognitionNet.loadFromDisk(join(FACE_API_DIR, 'model'));
  return faceapi.nets.faceRecognitionNet;
}

/** A TF.js graph model read from disk (no fetch), as Human loads it. */
export async function loadGraphModel(jsonPath: string): Promise<TF.GraphModel> {
  const tf = await tfjs();
  const json = JSON.parse(readFileSync(jsonPath, 'utf8')) as {
    modelTopology: object;
    weightsManifest: { paths: string[]; weights: TF.io.WeightsManifestEntry[] }[];
    format?: string;
    generatedBy?: string;
    convertedBy?: string;
  };
  const specs = json.weightsManifest.flatMap((g) => g.weights);
  const bin = Buffer.concat(json.weightsManifest.flatMap((g) => g.paths.map((p) => readFileSync(join(dirname(jsonPath), p)))));
  const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
  return tf.loadGraphModel({
    load: async () => ({
      modelTopology: json.modelTopology,
      weightSpecs: specs,
      weightData,
      format: json.format,
      generatedBy: json.generatedBy,
      convertedBy: json.convertedBy,
    }),
  });
}
