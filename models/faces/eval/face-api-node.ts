// @vladmandic/face-api 1.7.15's own standard pipeline in Node, as the anchor to compare against:
// SSD MobileNetV1 (minConfidence 0.2) -> 68 landmarks -> upright aligned crop -> descriptor (the same
// dlib ResNet weights we convert). tfjs-node cannot be installed here, so face-api's node-wasm build
// runs on @tensorflow/tfjs + @tensorflow/tfjs-backend-wasm (SIMD, one thread), both loaded with
// require() so that face-api's own require('@tensorflow/tfjs') gets the same engine instance
// (as in test/unit/models/face-reference.ts).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as TF from '@tensorflow/tfjs';

const require = createRequire(import.meta.url);

interface Point {
  x: number;
  y: number;
}
interface FaceApiResult {
  detection: { score: number; box: { x: number; y: number; width: number; height: number } };
  landmarks: { positions: Point[] };
  descriptor: Float32Array;
}
interface FaceApiTask<T> extends PromiseLike<T> {
  withFaceLandmarks(): FaceApiTask<T> & { withFaceDescriptor(): PromiseLike<FaceApiResult | undefined> };
}
interface FaceApi {
  nets: Record<'ssdMobilenetv1' | 'faceLandmark68Net' | 'faceRecognitionNet', { loadFromDisk(dir: string): Promise<void> }>;
  SsdMobilenetv1Options: new (o: { minConfidence: number; maxResults?: number }) => object;
  detectSingleFace(input: TF.Tensor3D, options: object): FaceApiTask<{ score: number } | undefined>;
}

export interface FaceApiPipeline {
  tf: typeof TF;
  /** Detection (highest-scoring face), landmarks and descriptor of one RGB image; undefined when SSD finds no face. */
  describe(image: { width: number; height: number; data: Uint8Array }): Promise<FaceApiResult | undefined>;
  /** Detection only (for the timing breakdown). */
  detect(image: { width: number; height: number; data: Uint8Array }): Promise<{ score: number } | undefined>;
}

/** face-api's standard pipeline at its documented defaults for SSD (minConfidence 0.2 is Human's/face-api's demo value). */
export async function loadFaceApi(minConfidence = 0.2): Promise<FaceApiPipeline> {
  const tf = require('@tensorflow/tfjs') as typeof TF;
  const wasm = require('@tensorflow/tfjs-backend-wasm') as { setWasmPaths: (p: string) => void; setThreadsCount?: (n: number) => void };
  wasm.setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}/`);
  wasm.setThreadsCount?.(1);
  await tf.setBackend('wasm');
  await tf.ready();
  tf.env().set('PROD', true);
  const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApi;
  const dir = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
  await faceapi.nets.ssdMobilenetv1.loadFromDisk(dir);
  await faceapi.nets.faceLandmark68Net.loadFromDisk(dir);
  await faceapi.nets.faceRecognitionNet.loadFromDisk(dir);
  const options = new faceapi.SsdMobilenetv1Options({ minConfidence });
  const withTensor = async <T>(
    image: { width: number; height: number; data: Uint8Array },
    fn: (t: TF.Tensor3D) => PromiseLike<T>,
  ): Promise<T> => {
    const t = tf.tensor3d(image.data, [image.height, image.width, 3], 'int32');
    try {
      return await fn(t);
    } finally {
      t.dispose();
    }
  };
  return {
    tf,
    describe: (image) => withTensor(image, (t) => faceapi.detectSingleFace(t, options).withFaceLandmarks().withFaceDescriptor()),
    detect: (image) => withTensor(image, (t) => faceapi.detectSingleFace(t, options)),
  };
}
