// The int8 calibration set: every face BlazeFace (fp32) finds in the six demo photos shipped inside
// @vladmandic/face-api@1.7.15, aligned to 150x150 chips exactly as the evaluation pipeline does,
// plus their mirror images. It needs nothing outside the pinned packages, so CI and a fresh clone
// rebuild the same set (see quantize.ts for what that means for the int8 bytes).
import { join } from 'node:path';
import { loadJpeg } from '../lib/image-node.ts';
import { chipFor, detectFaces, flipChip, openSession } from './simple-pipeline.ts';

export const CALIBRATION_IMAGES = [1, 2, 3, 4, 5, 6].map((i) => `demo/sample${i}.jpg`);

export async function calibrationChips(faceApiDir: string, detectorBytes: Uint8Array): Promise<Float32Array[]> {
  const detector = await openSession(detectorBytes);
  const chips: Float32Array[] = [];
  for (const file of CALIBRATION_IMAGES) {
    const img = loadJpeg(join(faceApiDir, file));
    for (const face of await detectFaces(detector, img)) {
      const chip = chipFor(img, face);
      chips.push(chip, flipChip(chip));
    }
  }
  await detector.release();
  return chips;
}
