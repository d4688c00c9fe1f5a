// Quality: pose from keypoints, the issue thresholds, and the measures on real and degraded faces.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../../../functions/src/image';
import { initNodeImageCodecs } from '../../../functions/src/image/node-codecs';
import type { RgbImage } from '../../../functions/src/image/types';
import { CHIP_TEMPLATE, alignFace, applyAffine } from '../../../functions/src/pipeline/face/align';
import { detectFaces } from '../../../functions/src/pipeline/face/detect';
import { QUALITY_THRESHOLDS, assessQuality, estimatePose, qualityIssues } from '../../../functions/src/pipeline/face/quality';
import { LANDMARK_NAMES, type DetectedFace, type Point } from '../../../functions/src/pipeline/face/types';
import { createNodeRuntime } from '../../../functions/src/runtime/ort-node';

/** A face whose eyes, nose and mouth are the chip template moved by a similarity (rotation in degrees). */
function templateFace(degrees: number, scale = 2, shift: Partial<Record<'nose' | 'mouth', Point>> = {}): DetectedFace {
  const r = (degrees * Math.PI) / 180;
  const m = [scale * Math.cos(r), -scale * Math.sin(r), 300, scale * Math.sin(r), scale * Math.cos(r), 200];
  const pts = [...CHIP_TEMPLATE.map((p) => applyAffine(m, p)), [0, 0] as Point, [0, 0] as Point];
  const landmarks = Object.fromEntries(LANDMARK_NAMES.map((n, i) => [n, { x: pts[i][0], y: pts[i][1] }])) as DetectedFace['landmarks'];
  for (const [name, [dx, dy]] of Object.entries(shift) as [keyof typeof shift, Point][])
    landmarks[name] = { x: landmarks[name].x + dx, y: landmarks[name].y + dy };
  return { box: { x: 0, y: 0, width: 200, height: 200 }, score: 0.9, landmarks };
}

describe('estimatePose', () => {
  it('reads roll from the eye line and about zero yaw and pitch for the template face', () => {
    for (const roll of [0, 20, -35]) {
      const pose = estimatePose(templateFace(roll));
      expect(pose.roll).toBeCloseTo(roll, 5);
      expect(Math.abs(pose.yaw)).toBeLessThan(0.5);
      expect(Math.abs(pose.pitch)).toBeLessThan(2); // BlazeFace's frontal nose sits 0.5 % lower than dlib's template
    }
  });

  it('turns yaw with the nose sideways and pitch with the nose up or down, whatever the roll', () => {
    const eyes = 2 * (CHIP_TEMPLATE[1][0] - CHIP_TEMPLATE[0][0]); // interocular distance at scale 2
    const right = estimatePose(templateFace(0, 2, { nose: [0.5 * eyes, 0] }));
    expect(right.yaw).toBeGreaterThan(25); // nose to the image's right
    expect(right.yaw).toBeLessThan(35); // atan(0.5 / 0.9) = 29 degrees
    expect(estimatePose(templateFace(0, 2, { nose: [-0.5 * eyes, 0] })).yaw).toBeCloseTo(-right.yaw, 5);
    expect(estimatePose(templateFace(0, 2, { nose: [0, -0.2 * eyes] })).pitch).toBeGreaterThan(10); // nose up: looking up
    expect(estimatePose(templateFace(0, 2, { nose: [0, 0.2 * eyes] })).pitch).toBeLessThan(-10);
    // The same turned face rolled by 30 degrees: same yaw.
    const r = (30 * Math.PI) / 180;
    const rolled = estimatePose(templateFace(30, 2, { nose: [0.5 * eyes * Math.cos(r), 0.5 * eyes * Math.sin(r)] }));
    expect(rolled.yaw).toBeCloseTo(right.yaw, 1);
    expect(rolled.roll).toBeCloseTo(30, 5);
  });

  it('calls a profile an extreme pose', () => {
    const eyes = 2 * (CHIP_TEMPLATE[1][0] - CHIP_TEMPLATE[0][0]);
    expect(Math.abs(estimatePose(templateFace(0, 2, { nose: [1.5 * eyes, 0] })).yaw)).toBeGreaterThan(QUALITY_THRESHOLDS.maxYaw);
  });
});

describe('qualityIssues', () => {
  const good = { size_px: 120, brightness: 0.5, sharpness: 0.03, pose: { yaw: 5, pitch: -3, roll: 40 } };
  it('has no issue for a good face, whatever its roll', () => {
    expect(qualityIssues(good)).toEqual([]);
  });
  it('flags each threshold', () => {
    const t = QUALITY_THRESHOLDS;
    expect(qualityIssues({ ...good, size_px: t.minSizePx - 1 })).toEqual(['face_too_small']);
    expect(qualityIssues({ ...good, size_px: t.minSizePx })).toEqual([]);
    expect(qualityIssues({ ...good, sharpness: t.minSharpness / 2 })).toEqual(['blurry']);
    expect(qualityIssues({ ...good, pose: { yaw: -(t.maxYaw + 1), pitch: 0, roll: 0 } })).toEqual(['extreme_pose']);
    expect(qualityIssues({ ...good, pose: { yaw: 0, pitch: t.maxPitch + 1, roll: 0 } })).toEqual(['extreme_pose']);
    expect(qualityIssues({ ...good, brightness: 0.05 })).toEqual(['too_dark']);
    expect(qualityIssues({ ...good, brightness: 0.9 })).toEqual(['too_bright']);
    expect(qualityIssues({ size_px: 10, brightness: 0.02, sharpness: 0, pose: { yaw: 80, pitch: 0, roll: 0 } })).toEqual([
      'face_too_small',
      'blurry',
      'extreme_pose',
      'too_dark',
    ]);
  });
});

describe('assessQuality on a real face (onnxruntime-node, image-stats model)', () => {
  const runtime = createNodeRuntime();
  let photo: RgbImage;
  let face: DetectedFace;
  beforeAll(async () => {
    initNodeImageCodecs();
    photo = (await decodeImage(new Uint8Array(readFileSync(new URL('../../fixtures/faces/same-person-1.jpg', import.meta.url))))).image;
    [face] = await detectFaces(runtime, photo);
  });

  const boxBlur = (img: RgbImage, radius: number): RgbImage => {
    const { width: w, height: h, data } = img;
    const out = new Uint8Array(data.length);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        for (let c = 0; c < 3; c++) {
          let sum = 0;
          let n = 0;
          for (let dy = -radius; dy <= radius; dy++)
            for (let dx = -radius; dx <= radius; dx++) {
              const [xx, yy] = [x + dx, y + dy];
              if (xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
              sum += data[(yy * w + xx) * 3 + c];
              n++;
            }
          out[(y * w + x) * 3 + c] = Math.round(sum / n);
        }
    return { width: w, height: h, data: out };
  };
  const scaled = (img: RgbImage, gain: number): RgbImage => ({ ...img, data: img.data.map((v) => Math.round(v * gain)) });

  it('finds no issue with a good portrait', async () => {
    const q = await assessQuality(runtime, face, alignFace(photo, face));
    expect(q.issues).toEqual([]);
    expect(q.sharpness).toBeGreaterThan(QUALITY_THRESHOLDS.minSharpness * 3);
    expect(q.brightness).toBeGreaterThan(0.4);
  });

  it('calls the same face blurred blurry, and darkened too dark but not blurry', async () => {
    const blurred = boxBlur(photo, 8); // a 17 px box on a 90 px face: clearly blurred
    const qb = await assessQuality(runtime, face, alignFace(blurred, face));
    expect(qb.issues, JSON.stringify(qb)).toContain('blurry');
    const dark = scaled(photo, 0.12);
    const qd = await assessQuality(runtime, face, alignFace(dark, face));
    expect(qd.issues).toEqual(['too_dark']); // sharpness is relative to contrast
  });
});
