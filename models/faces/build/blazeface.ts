// MediaPipe BlazeFace (back-camera model, 256x256) from its TF.js graph model -> ONNX, with the
// pixel normalisation and the anchor decoding moved into the graph (see functions/src/pipeline/face/detect.ts for
// the output contract). The raw network is converted op for op by tfjs-graph.ts; only the head
// below is ours, and it follows Human's src/face/blazeface.ts decodeBoxes()/getBoxes().
import { ANCHOR_COUNT, DETECTOR_INPUT_SIZE, KEYPOINTS, blazefaceAnchors } from '../../../functions/src/pipeline/face/detect.ts';
import { OnnxGraph } from './onnx-graph.ts';
import { convertGraphModel, terminalNodes, type TfGraphModel, type Value } from './tfjs-graph.ts';
import type { WeightMap } from './tfjs-weights.ts';

export function buildDetectorGraph(model: TfGraphModel, weights: WeightMap): OnnxGraph {
  const g = new OnnxGraph('blazeface_back');
  const outputs = convertGraphModel(g, model, weights, terminalNodes(model), {
    inputName: 'image',
    // Human: tf.div(resized, 127.5) then tf.sub(.., 1)
    preprocess: (gr, x) => gr.node('Sub', [gr.node('Div', [x, gr.f32('pixel_scale', [], [127.5])]), gr.f32('one', [], [1])]),
  });
  // Four raw heads: [N,512|384,1] classifiers (logits) and [N,512|384,16] regressors.
  const heads = [...outputs.values()].map((v: Value) => {
    if (v.kind !== 'act' || v.shape.length !== 3) throw new Error('unexpected BlazeFace head');
    return v;
  });
  const pick = (anchors: number, width: number) => {
    const h = heads.find((v) => v.shape[1] === anchors && v.shape[2] === width);
    if (!h) throw new Error(`no head [${anchors},${width}]`);
    return h.name;
  };
  if (heads.length !== 4) throw new Error(`expected 4 heads, got ${heads.length}`);

  const logits = g.node('Concat', [pick(512, 1), pick(384, 1)], { axis: { i: 1 } });
  g.node('Sigmoid', [g.node('Squeeze', [logits, g.i64('squeeze_axes', [2])])], {}, 'scores');

  const regs = g.node('Concat', [pick(512, 16), pick(384, 16)], { axis: { i: 1 } }); // [N,896,16]
  const slice = (from: number, to: number) => g.node('Slice', [regs, g.i64('s_start', [from]), g.i64('s_end', [to]), g.i64('s_axis', [2])]);
  const anchors = blazefaceAnchors(DETECTOR_INPUT_SIZE);
  const invSize = g.f32('inv_input_size', [], [1 / DETECTOR_INPUT_SIZE]); // a power of two: exact
  const centre = g.node('Add', [slice(0, 2), g.f32('anchors', [ANCHOR_COUNT, 2], anchors)]);
  const half = g.node('Mul', [slice(2, 4), g.f32('half', [], [0.5])]);
  const corners = g.node('Concat', [g.node('Sub', [centre, half]), g.node('Add', [centre, half])], { axis: { i: 2 } });
  g.node('Mul', [corners, invSize], {}, 'boxes');

  const kpRaw = g.node('Reshape', [slice(4, 4 + 2 * KEYPOINTS.length), g.i64('kp_shape', [0, ANCHOR_COUNT, KEYPOINTS.length, 2])]);
  const kp = g.node('Add', [kpRaw, g.f32('anchors_kp', [ANCHOR_COUNT, 1, 2], anchors)]);
  g.node('Mul', [kp, invSize], {}, 'keypoints');

  g.output('scores', ['N', ANCHOR_COUNT]);
  g.output('boxes', ['N', ANCHOR_COUNT, 4]);
  g.output('keypoints', ['N', ANCHOR_COUNT, KEYPOINTS.length, 2]);
  return g;
}
