// GET /v1/models's listing against the files on disk: every URL names a file of models/ whose bytes
// hash to the listed sha256 (the verification head too, which the Worker bundles as parsed JSON, so
// the worker test cannot hash its bytes), and the head file is the one the served encoder's manifest
// entry names.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listModels } from '../../../functions/src/features/models/service';
import { servedFaces } from '../../../functions/src/pipeline/face/served';
import { findModel } from '../../../functions/src/runtime/manifest';

const modelsDir = new URL('../../../models/', import.meta.url);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('the model listing', () => {
  it('lists files whose bytes hash to the listed sha256', () => {
    for (const model of listModels().models) {
      const bytes = readFileSync(new URL(findModel(model.id)!.file, modelsDir));
      expect(sha256(bytes), model.id).toBe(model.sha256);
      expect(bytes.length, model.id).toBe(model.bytes);
    }
  });

  it("lists the served encoder's head file, hashed, with the threshold the server uses", () => {
    const encoder = listModels().models.find((m) => m.head)!;
    const headFile = findModel(encoder.id)!.head!;
    const bytes = readFileSync(new URL(headFile, modelsDir));
    expect(sha256(bytes)).toBe(encoder.head!.sha256);
    expect(bytes.length).toBe(encoder.head!.bytes);
    const parsed = JSON.parse(bytes.toString('utf8')) as { model: string; model_version: string; threshold: number; flip?: boolean };
    expect({ id: parsed.model, version: parsed.model_version }).toEqual(servedFaces.model);
    expect(parsed.threshold).toBe(encoder.head!.threshold);
    expect(parsed.flip === true).toBe(encoder.head!.flip);
  });
});
