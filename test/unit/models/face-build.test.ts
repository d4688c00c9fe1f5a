// The committed face models are what `npm run faces:build` makes from the pinned packages: the
// fp32 graphs are rebuilt here from the devDependency copies and must match byte for byte.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../../models/lib/manifest.ts';
import { DETECTOR_SOURCE, ENCODER_SOURCE, detectorBytes, encoderBytes } from '../../../models/faces/build/sources.ts';
import { FACE_API_DIR, HUMAN_DIR, MODELS, manifestModel } from './face-reference.ts';

describe('face model build', () => {
  const detector = manifestModel('blazeface-back');
  const encoder = manifestModel('dlib-face-encoder');

  it('uses the same package files as the devDependencies', () => {
    for (const [entry, dir, src] of [
      [detector, HUMAN_DIR, DETECTOR_SOURCE],
      [encoder, FACE_API_DIR, ENCODER_SOURCE],
    ] as const) {
      expect(entry.source.package).toBe(`${src.pkg.name}@${src.pkg.version}`);
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
      expect(pkg.version).toBe(src.pkg.version);
      for (const [file, digest] of Object.entries(entry.source.files)) expect(sha256(readFileSync(join(dir, file)))).toBe(digest);
    }
  });

  it('committed files match their manifest sha256 and size', () => {
    for (const entry of [detector, encoder]) {
      const bytes = readFileSync(join(MODELS, entry.file));
      expect(bytes.byteLength).toBe(entry.bytes);
      expect(sha256(bytes)).toBe(entry.sha256);
    }
  });

  it('rebuilds the detector byte for byte', () => {
    expect(sha256(detectorBytes(HUMAN_DIR))).toBe(detector.sha256);
  });

  it('rebuilds the fp32 encoder byte for byte', () => {
    expect(sha256(encoderBytes(FACE_API_DIR))).toBe(encoder.reference?.fp32Sha256);
  });
});
