// pipeline/face/search.ts: the int8 scan's shortlist always holds the exact k nearest subjects, and
// the exact ranking agrees with brute force, on random and on clustered embeddings.
import { describe, expect, it } from 'vitest';
import { euclideanDistance } from '../../../functions/src/pipeline/face';
import { normalSampler, seededRandom } from '../../../models/lib/random';
import { EmbeddingPacker, kthSmallest, rankSubjects, shortlist } from '../../../functions/src/pipeline/face/search';

/** Uniform and normal samples from one seeded stream. */
function rng(seed: number) {
  const uniform = seededRandom(seed);
  return { uniform, normal: normalSampler(uniform) };
}

const DIMS = 128;

/** Embeddings like dlib's: components ~N(0, 0.09), people as clusters with spread 0.03 per dim. */
function collection(seed: number, subjects: number, facesPer: () => number) {
  const r = rng(seed);
  const rows: { subject: number; vector: Float32Array }[] = [];
  for (let s = 0; s < subjects; s++) {
    const centre = Float32Array.from({ length: DIMS }, () => 0.09 * r.normal());
    const n = facesPer();
    for (let i = 0; i < n; i++) rows.push({ subject: s, vector: centre.map((c) => c + 0.03 * r.normal()) });
  }
  return { rows, r };
}

function bruteForce(rows: { subject: number; vector: Float32Array }[], query: Float32Array, k: number) {
  const best = new Map<number, number>();
  for (const row of rows) {
    const d = euclideanDistance(query, row.vector);
    if (!best.has(row.subject) || d < best.get(row.subject)!) best.set(row.subject, d);
  }
  return [...best].sort((a, b) => a[1] - b[1]).slice(0, k);
}

describe('int8 packed search', () => {
  it('quantisation error is small and bounded per row', () => {
    const { rows } = collection(1, 50, () => 1);
    const packer = new EmbeddingPacker(DIMS, rows.length);
    rows.forEach((row) => packer.add(row.vector, row.subject));
    const packed = packer.finish();
    for (let i = 0; i < packed.count; i++) {
      const approx = Float32Array.from(packed.codes.subarray(i * DIMS, (i + 1) * DIMS), (c) => c * packed.scales[i]);
      const error = euclideanDistance(approx, rows[i].vector);
      expect(error).toBeLessThanOrEqual(packed.errors[i]);
      expect(packed.errors[i]).toBeLessThan(0.02); // vs a decision threshold of ~0.6
    }
  });

  for (const [label, seed, subjects, facesPer] of [
    ['1 face per subject, 2000 subjects', 7, 2000, () => 1],
    ['1-4 faces per subject, 500 subjects', 11, 500, undefined],
  ] as const) {
    it(`shortlist + exact ranking = brute force (${label})`, () => {
      const r0 = rng(seed + 100);
      const { rows, r } = collection(seed, subjects, facesPer ?? (() => 1 + Math.floor(r0.uniform() * 4)));
      const packer = new EmbeddingPacker(DIMS, rows.length);
      rows.forEach((row) => packer.add(row.vector, row.subject));
      const packed = packer.finish();
      expect(packed.count).toBe(rows.length);
      expect(packed.subjectCount).toBe(subjects);
      let shortlisted = 0;
      for (let q = 0; q < 40; q++) {
        // Half the queries near an enrolled person, half random strangers.
        const near = q % 2 === 0 ? rows[Math.floor(r.uniform() * rows.length)].vector : undefined;
        const query = Float32Array.from({ length: DIMS }, (_, j) => (near ? near[j] + 0.03 * r.normal() : 0.09 * r.normal()));
        for (const k of [1, 3, 10]) {
          const rowsOut = shortlist(packed, query, k);
          shortlisted += rowsOut.length;
          const ranked = rankSubjects(
            query,
            rowsOut.map((i) => ({ subject: rows[i].subject, embedding: rows[i].vector, face: String(i) })),
            k,
            String,
          );
          const expected = bruteForce(rows, query, k);
          expect(ranked.map((x) => x.subject)).toEqual(expected.map((x) => x[0]));
          ranked.forEach((x, i) => expect(x.distance).toBeCloseTo(expected[i][1], 6));
        }
      }
      // The shortlist is a small part of the collection.
      expect(shortlisted / (40 * 3)).toBeLessThan(rows.length / 20);
    });
  }

  it('handles empty collections, k larger than the collection, and wrong sizes', () => {
    const empty = new EmbeddingPacker(DIMS, 0).finish();
    expect(shortlist(empty, new Float32Array(DIMS), 3)).toEqual([]);
    const one = new EmbeddingPacker(DIMS, 1);
    one.add(new Float32Array(DIMS).fill(0.1), 0);
    expect(shortlist(one.finish(), new Float32Array(DIMS), 5)).toEqual([0]);
    expect(() => one.add(new Float32Array(DIMS), 0)).toThrow(/full/);
    expect(() => new EmbeddingPacker(DIMS, 1).add(new Float32Array(3), 0)).toThrow(/expected 128/);
    expect(() => shortlist(empty, new Float32Array(3), 1)).toThrow(/expected 128/);
  });

  it('kthSmallest', () => {
    const v = Float32Array.from([5, 1, Infinity, 3, 2, 4]);
    expect([1, 2, 3, 5].map((k) => kthSmallest(v, k))).toEqual([1, 2, 3, 5]);
    expect(kthSmallest(v, 6)).toBe(Infinity);
  });
});
