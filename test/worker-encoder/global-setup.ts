// The worker-encoder project (a build serving LIKENESS_FACE_ENCODER): the fixtures and references of
// test/worker/global-setup.ts, plus what the served encoder's own head says, read in Node.
import { readFileSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import setupWorkerTests from '../worker/global-setup';
import { SERVED_FACE_ENCODER } from '../../functions/generated/served-models';
import { findModel } from '../../functions/src/runtime/manifest';

import type {} from '../worker/provided-context';

export default async function setup(project: TestProject) {
  const id = process.env.LIKENESS_FACE_ENCODER;
  if (!id) throw new Error('the worker-encoder project tests a build made with LIKENESS_FACE_ENCODER=<manifest id> (npm test runs it)');
  if (SERVED_FACE_ENCODER.id !== id)
    throw new Error(
      `functions/generated serves ${SERVED_FACE_ENCODER.id}, not ${id}: run LIKENESS_FACE_ENCODER=${id} npm run worker:prepare first`,
    );
  const head = JSON.parse(readFileSync(new URL(`../../models/${findModel(id)!.head}`, import.meta.url), 'utf8')) as { threshold: number };
  project.provide('servedFaceEncoder', { id, threshold: head.threshold });
  await setupWorkerTests(project);
}
