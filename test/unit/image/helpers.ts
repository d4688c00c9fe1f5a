// Shared helpers for the image module's unit tests (Node).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { asProblem, type Problem } from '../../../functions/src/http/problem';
import type { RgbImage } from '../../../functions/src/image/types';

const FIXTURES = fileURLToPath(new URL('../../fixtures/images/', import.meta.url));

/** A fresh copy (so tests may modify it), backed by a plain ArrayBuffer (usable as a BlobPart). */
export function fixture(name: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(readFileSync(FIXTURES + name));
}

export function pixel(image: RgbImage, x: number, y: number): [number, number, number] {
  const i = (y * image.width + x) * 3;
  return [image.data[i], image.data[i + 1], image.data[i + 2]];
}

export function expectColour(actual: readonly number[], expected: readonly number[], tolerance = 24): void {
  const ok = actual.every((v, i) => Math.abs(v - expected[i]) <= tolerance);
  expect(ok, `colour ${JSON.stringify(actual)} should be within ${tolerance} of ${JSON.stringify(expected)}`).toBe(true);
}

/** Runs fn and returns the Problem it threw (fails the test if it threw anything else). */
export async function problemFrom(fn: () => unknown): Promise<Problem> {
  try {
    await fn();
  } catch (error) {
    const problem = asProblem(error);
    expect(problem, String(error)).toBeDefined();
    return problem as Problem;
  }
  throw new Error('expected a Problem to be thrown, but nothing was thrown');
}

export const RED = [255, 0, 0] as const;
export const GREEN = [0, 255, 0] as const;
export const BLUE = [0, 0, 255] as const;
export const WHITE = [255, 255, 255] as const;
