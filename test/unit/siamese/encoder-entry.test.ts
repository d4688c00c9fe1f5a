// The fine-tuned encoder exported by models/siamese (npm run siamese:export) is a manifest entry
// like the served models: its bytes match the recorded sha256/size, it takes the served encoder's
// input contract and gives L2-normalised 128-d embeddings, and it carries its own verification head,
// fitted for exactly this entry (so a build can serve it by id: test/unit/models/served-models.test.ts
// and the worker-encoder project).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { parseVerificationHead } from '../../../functions/src/pipeline/face';
import { findModel } from '../../../functions/src/runtime/manifest';
import { MODELS_DIR, sha256 } from '../../../models/lib/manifest';

const entry = findModel('dlib-face-encoder-lfw-ft');

describe.skipIf(!entry)('fine-tuned encoder manifest entry (models/siamese)', () => {
  it('matches its bytes, embeds a chip as a unit 128-d vector and names a head fitted for it', async () => {
    const bytes = readFileSync(join(MODELS_DIR, entry!.file));
    expect(sha256(bytes)).toBe(entry!.sha256);
    expect(bytes.byteLength).toBe(entry!.bytes);
    const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1 });
    const chip = new Float32Array(150 * 150 * 3);
    for (let i = 0; i < chip.length; i++) chip[i] = (i * 37) % 256;
    const out = await session.run({ image: new ort.Tensor('float32', chip, [1, 150, 150, 3]) });
    const e = out.embedding.data as Float32Array;
    expect(e.length).toBe(128);
    expect(Math.hypot(...e)).toBeCloseTo(1, 3);
    const head = JSON.parse(readFileSync(join(MODELS_DIR, entry!.head as string), 'utf8'));
    parseVerificationHead(head);
    expect(head).toMatchObject({ model: entry!.id, model_version: entry!.version, model_sha256: entry!.sha256 });
  });
});
