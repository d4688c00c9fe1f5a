// LFW-format pairs files (pure parsing; file lookup lives in the CLI).
//
//   first line: `N` (one set: N same pairs then N different pairs) or `folds<TAB>N` (folds sets of
//   N same then N different), then one pair a line: `Name i j` (same person) or `NameA i NameB j`.
//   Image i of Name is Name/Name_000i.<ext> (4 digits); ext is jpg for LFW, png for ORL.
import { lfwFolds } from './metrics.ts';

export interface PairImage {
  name: string;
  index: number;
}

export interface Pair {
  a: PairImage;
  b: PairImage;
  same: boolean;
}

export interface PairsFile {
  pairs: Pair[];
  /** Number of folds in the header (1 when the header is a single number). */
  folds: number;
  perFold: number;
  /** Fold of each pair when the file has more than one fold. */
  fold?: number[];
}

export function parsePairs(text: string): PairsFile {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  if (lines.length === 0) throw new Error('empty pairs file');
  const head = lines[0].split(/\s+/).map(Number);
  if (head.some((v) => !Number.isInteger(v) || v <= 0) || head.length > 2) throw new Error(`bad pairs header: ${lines[0]}`);
  const [folds, perFold] = head.length === 2 ? head : [1, head[0]];
  const pairs = lines.slice(1).map((l, i): Pair => {
    const f = l.split(/\s+/);
    const int = (s: string) => {
      const v = Number(s);
      if (!Number.isInteger(v) || v < 1) throw new Error(`line ${i + 2}: bad image number ${s}`);
      return v;
    };
    if (f.length === 3) return { a: { name: f[0], index: int(f[1]) }, b: { name: f[0], index: int(f[2]) }, same: true };
    if (f.length === 4) return { a: { name: f[0], index: int(f[1]) }, b: { name: f[2], index: int(f[3]) }, same: false };
    throw new Error(`line ${i + 2}: expected 3 or 4 fields, got ${f.length}`);
  });
  if (pairs.length !== folds * 2 * perFold)
    throw new Error(`header says ${folds} x (${perFold} same + ${perFold} different) pairs, file has ${pairs.length}`);
  // Each set: N same, then N different.
  pairs.forEach((p, i) => {
    if (p.same !== i % (2 * perFold) < perFold)
      throw new Error(`pair ${i + 1} is ${p.same ? 'same' : 'different'} where the layout expects the other`);
  });
  return { pairs, folds, perFold, fold: lfwFolds(folds, perFold, pairs.length) };
}

/** Relative path of an image: Name/Name_000i.ext. */
export const imagePath = (img: PairImage, ext: string): string => `${img.name}/${img.name}_${String(img.index).padStart(4, '0')}.${ext}`;

/** Unique images of a pairs list, as relative paths, in first-seen order. */
export function uniqueImages(pairs: readonly Pair[], ext: string): string[] {
  return [...new Set(pairs.flatMap((p) => [imagePath(p.a, ext), imagePath(p.b, ext)]))];
}
