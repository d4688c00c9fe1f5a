// npm run faces:quality — the measurements behind the face quality thresholds and the pose
// constants (functions/src/pipeline/face/quality.ts), on LFW View 1 in ../shared/data (never in CI:
// the data is not redistributable). Two parts, ~15 min on a busy 2-core machine:
//  1. degradations: for 150 same + 150 different DevTrain pairs, photo b is blurred, shrunk,
//     darkened or brightened, and accuracy at distance 0.6 is reported with the quality measures;
//  2. calibration: BlazeFace's frontal nose height and effective nose protrusion (yaw from the
//     eyes' foreshortening) on ~450 LFW faces, and contrast-normalised sharpness per degradation.
// Usage: npx tsx scripts/measure-face-quality.ts [pairs per class, default 150]
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { decodeImage } from '../functions/src/image/index.ts';
import { initNodeImageCodecs } from '../functions/src/image/node-codecs.ts';
import { resizeRgb } from '../functions/src/image/resize.ts';
import type { RgbImage } from '../functions/src/image/types.ts';
import { CHIP_SIZE, alignFace, assessQuality, detectFaces, embedChips, euclideanDistance } from '../functions/src/pipeline/face/index.ts';
import { measureImageStats } from '../functions/src/pipeline/image-stats.ts';
import { createNodeRuntime } from '../functions/src/runtime/ort-node.ts';

initNodeImageCodecs();
const rt = createNodeRuntime();
const LFW = '../shared/data/faces/lfw-view1';
const lines = readFileSync(join(LFW, 'pairsDevTrain.txt'), 'utf8').trim().split('\n').slice(1);
const img = (n: string, i: string) => join(LFW, 'images', n, `${n}_${i.padStart(4, '0')}.jpg`);
const pairs = lines.map((l) => {
  const f = l.trim().split(/\s+/);
  return f.length === 3 ? { a: img(f[0], f[1]), b: img(f[0], f[2]), same: true } : { a: img(f[0], f[1]), b: img(f[2], f[3]), same: false };
});
const N = Number(process.argv[2] ?? 150);
const chosen = [
  ...pairs
    .filter((p) => p.same)
    .filter((_, i) => i % Math.floor(1100 / N) === 0)
    .slice(0, N),
  ...pairs
    .filter((p) => !p.same)
    .filter((_, i) => i % Math.floor(1100 / N) === 0)
    .slice(0, N),
];

async function load(path: string) {
  return (await decodeImage(new Uint8Array(readFileSync(path)), { maxSide: 1024 })).image;
}
function centreFace(image: RgbImage, faces: Awaited<ReturnType<typeof detectFaces>>) {
  let best = -1,
    bd = Infinity;
  faces.forEach((f, i) => {
    const d = (f.box.x + f.box.width / 2 - image.width / 2) ** 2 + (f.box.y + f.box.height / 2 - image.height / 2) ** 2;
    if (d < bd) [best, bd] = [i, d];
  });
  return best < 0 ? undefined : faces[best];
}
async function analyse(image: RgbImage) {
  const face = centreFace(image, await detectFaces(rt, image));
  if (!face) return undefined;
  const aligned = alignFace(image, face);
  const q = await assessQuality(rt, face, aligned);
  const [e] = await embedChips(rt, [aligned.chip]);
  const { right_eye: re, left_eye: le, nose, mouth } = face.landmarks;
  const roll = Math.atan2(le.y - re.y, le.x - re.x),
    c = Math.cos(-roll),
    s = Math.sin(-roll);
  const cx = (re.x + le.x) / 2,
    cy = (re.y + le.y) / 2;
  const loc = (p: { x: number; y: number }) => [(p.x - cx) * c - (p.y - cy) * s, (p.x - cx) * s + (p.y - cy) * c];
  const eyes = Math.hypot(le.x - re.x, le.y - re.y);
  const [nx, ny] = loc(nose),
    [, my] = loc(mouth);
  return { e, q, yawRatio: nx / eyes, noseLevel: ny / my };
}
function blur(image: RgbImage, sigma: number): RgbImage {
  if (sigma <= 0) return image;
  const r = Math.ceil(sigma * 3),
    k: number[] = [];
  for (let i = -r; i <= r; i++) k.push(Math.exp(-(i * i) / (2 * sigma * sigma)));
  const sum = k.reduce((a, b) => a + b);
  const kn = k.map((v) => v / sum);
  const { width: w, height: h, data } = image;
  const tmp = new Float32Array(data.length),
    out = new Uint8Array(data.length);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let ch = 0; ch < 3; ch++) {
        let a = 0;
        for (let i = -r; i <= r; i++) {
          const xx = Math.min(w - 1, Math.max(0, x + i));
          a += kn[i + r] * data[(y * w + xx) * 3 + ch];
        }
        tmp[(y * w + x) * 3 + ch] = a;
      }
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let ch = 0; ch < 3; ch++) {
        let a = 0;
        for (let i = -r; i <= r; i++) {
          const yy = Math.min(h - 1, Math.max(0, y + i));
          a += kn[i + r] * tmp[(yy * w + x) * 3 + ch];
        }
        out[(y * w + x) * 3 + ch] = Math.round(a);
      }
  return { width: w, height: h, data: out };
}
const scaleTo = (image: RgbImage, f: number) =>
  resizeRgb(image, Math.max(1, Math.round(image.width * f)), Math.max(1, Math.round(image.height * f)));
const tone = (image: RgbImage, f: (v: number) => number) => ({
  ...image,
  data: image.data.map((v) => Math.max(0, Math.min(255, Math.round(f(v))))),
});

const variants: Record<string, (im: RgbImage, sizePx: number) => RgbImage> = {
  orig: (im) => im,
  ...Object.fromEntries([1, 1.5, 2, 3, 4].map((s) => [`blur${s}`, (im: RgbImage) => blur(im, s)])),
  ...Object.fromEntries([20, 28, 36, 48, 64].map((t) => [`size${t}`, (im: RgbImage, sz: number) => scaleTo(im, t / sz)])),
  ...Object.fromEntries([0.5, 0.3, 0.2, 0.12, 0.07].map((g) => [`dark${g}`, (im: RgbImage) => tone(im, (v) => v * g)])),
  ...Object.fromEntries([0.5, 0.3, 0.15].map((g) => [`bright${g}`, (im: RgbImage) => tone(im, (v) => 255 - (255 - v) * g)])),
};
const rows: Record<string, { same: boolean; d: number | null; sharp?: number; bright?: number; size?: number }[]> = {};
const natural: { yawRatio: number; noseLevel: number; brightness: number; sharpness: number; size: number; name: string }[] = [];
const t0 = performance.now();
let done = 0;
for (const p of chosen) {
  const A = await analyse(await load(p.a));
  const bImage = await load(p.b);
  const B = await analyse(bImage);
  if (A)
    natural.push({
      yawRatio: A.yawRatio,
      noseLevel: A.noseLevel,
      brightness: A.q.brightness,
      sharpness: A.q.sharpness,
      size: A.q.size_px,
      name: p.a,
    });
  if (!A || !B) continue;
  for (const [name, make] of Object.entries(variants)) {
    const V = name === 'orig' ? B : await analyse(make(bImage, B.q.size_px));
    rows[name] ??= [];
    rows[name].push({
      same: p.same,
      d: V ? euclideanDistance(A.e, V.e) : null,
      sharp: V?.q.sharpness,
      bright: V?.q.brightness,
      size: V?.q.size_px,
    });
  }
  if (++done % 20 === 0) console.error(`${done}/${chosen.length} ${((performance.now() - t0) / done).toFixed(0)} ms/pair`);
}
const med = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const pct = (v: number[], q: number) => {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.floor(q * (s.length - 1))];
};
for (const [name, r] of Object.entries(rows)) {
  const ok = r.filter((x) => x.d !== null);
  const acc = ok.filter((x) => x.d! <= 0.6 === x.same).length / ok.length;
  const accSame = ok.filter((x) => x.same && x.d! <= 0.6).length / ok.filter((x) => x.same).length;
  const accDiff = ok.filter((x) => !x.same && x.d! > 0.6).length / ok.filter((x) => !x.same).length;
  console.log(
    name.padEnd(10),
    `found ${ok.length}/${r.length} acc ${acc.toFixed(3)} same ${accSame.toFixed(3)} diff ${accDiff.toFixed(3)} sharp med ${med(ok.map((x) => x.sharp!)).toExponential(2)} p10 ${pct(
      ok.map((x) => x.sharp!),
      0.1,
    ).toExponential(2)} bright med ${med(ok.map((x) => x.bright!)).toFixed(3)} size med ${med(ok.map((x) => x.size!))}`,
  );
}
console.log(
  'natural',
  natural.length,
  'noseLevel median',
  med(natural.map((n) => n.noseLevel)).toFixed(4),
  'yawRatio median',
  med(natural.map((n) => n.yawRatio)).toFixed(4),
);
for (const k of ['brightness', 'sharpness', 'size'] as const)
  console.log(
    k,
    [0, 0.01, 0.05, 0.5, 0.95, 0.99, 1]
      .map(
        (q) =>
          `${q}:${pct(
            natural.map((n) => n[k]),
            q,
          ).toPrecision(3)}`,
      )
      .join(' '),
  );
const darkest = [...natural].sort((a, b) => a.brightness - b.brightness).slice(0, 8);
console.log('darkest', darkest.map((n) => `${n.name.split('/').pop()} ${n.brightness.toFixed(3)}`).join(', '));

// ---- part 2: pose constants and contrast-normalised sharpness
const IMAGES = join(LFW, 'images');
const people = readdirSync(IMAGES).sort();
const files: string[] = [];
for (let i = 0; i < people.length && files.length < Math.min(500, 3 * N); i += 7) {
  const f = readdirSync(join(IMAGES, people[i])).sort()[0];
  files.push(join(IMAGES, people[i], f));
}
const nearestCentre = (im: RgbImage, fs: Awaited<ReturnType<typeof detectFaces>>) =>
  fs.sort(
    (a, b) =>
      Math.hypot(a.box.x + a.box.width / 2 - im.width / 2, a.box.y + a.box.height / 2 - im.height / 2) -
      Math.hypot(b.box.x + b.box.width / 2 - im.width / 2, b.box.y + b.box.height / 2 - im.height / 2),
  )[0];
const region = (chip: Float32Array) => {
  const s = 96,
    d = new Uint8Array(s * s * 3);
  for (let r = 0; r < s; r++) for (let i = 0; i < s * 3; i++) d[r * s * 3 + i] = Math.round(chip[((27 + r) * CHIP_SIZE + 27) * 3 + i]);
  return { width: s, height: s, data: d };
};
const poses: { E: number; M: number; r: number; earR: number }[] = [];
const sharpVariants: Record<string, (im: RgbImage) => RgbImage> = {
  orig: (i) => i,
  blur1: (i) => blur(i, 1),
  blur2: (i) => blur(i, 2),
  blur3: (i) => blur(i, 3),
  blur4: (i) => blur(i, 4),
  dark05: (i) => tone(i, (v) => v * 0.5),
  dark02: (i) => tone(i, (v) => v * 0.2),
  dark012: (i) => tone(i, (v) => v * 0.12),
  bright03: (i) => tone(i, (v) => 255 - (255 - v) * 0.3),
  flat05: (i) => tone(i, (v) => 128 + (v - 128) * 0.5),
};
const sharp: Record<string, number[]> = {};
let n = 0;
for (const f of files) {
  const { image } = await decodeImage(new Uint8Array(readFileSync(f)), { maxSide: 1024 });
  const face = nearestCentre(image, await detectFaces(rt, image));
  if (!face) continue;
  const { right_eye: re, left_eye: le, nose, mouth, right_ear: rr, left_ear: lr } = face.landmarks;
  const roll = Math.atan2(le.y - re.y, le.x - re.x),
    c = Math.cos(-roll),
    s = Math.sin(-roll),
    cx = (re.x + le.x) / 2,
    cy = (re.y + le.y) / 2;
  const loc = (p: { x: number; y: number }) => [(p.x - cx) * c - (p.y - cy) * s, (p.x - cx) * s + (p.y - cy) * c];
  const E = Math.hypot(le.x - re.x, le.y - re.y);
  const [nx] = loc(nose),
    [, my] = loc(mouth),
    [rx] = loc(rr),
    [lx] = loc(lr);
  poses.push({ E, M: my, r: nx / E, earR: (nx - rx) / (lx - rx) });
  if (n++ < N)
    for (const [name, make] of Object.entries(sharpVariants)) {
      const im = make(image);
      const fc = nearestCentre(im, await detectFaces(rt, im));
      if (!fc) continue;
      const st = await measureImageStats(rt, region(alignFace(im, fc).chip));
      sharp[name] ??= [];
      sharp[name].push(st.sharpness / (st.contrast * st.contrast));
    }
}
const rho0 = med(poses.filter((p) => Math.abs(p.r) < 0.03).map((p) => p.E / p.M));
const ks = poses
  .filter((p) => Math.abs(p.r) > 0.12)
  .map((p) => {
    const cos = Math.min(0.9999, p.E / p.M / rho0);
    return Math.abs(p.r) / Math.tan(Math.acos(cos));
  });
console.log(
  'faces',
  poses.length,
  'frontal E/M',
  rho0.toFixed(3),
  'turned',
  ks.length,
  'k median',
  med(ks).toFixed(3),
  'p25',
  pct(ks, 0.25).toFixed(3),
  'p75',
  pct(ks, 0.75).toFixed(3),
);
console.log(
  '|r| pct',
  [0.5, 0.9, 0.99, 1]
    .map((q) =>
      pct(
        poses.map((p) => Math.abs(p.r)),
        q,
      ).toFixed(3),
    )
    .join(' '),
);
// ears: relation between nose position between ears and r
const earPairs = poses.filter((p) => Number.isFinite(p.earR)).map((p) => [p.r, p.earR - 0.5]);
const slope = earPairs.reduce((a, [x, y]) => a + x * y, 0) / earPairs.reduce((a, [x]) => a + x * x, 0);
console.log('earOffset ~ slope * r, slope', slope.toFixed(3));
for (const [k, v] of Object.entries(sharp))
  console.log(
    k.padEnd(9),
    v.length,
    'normSharp med',
    med(v).toFixed(4),
    'p5',
    pct(v, 0.05).toFixed(4),
    'p10',
    pct(v, 0.1).toFixed(4),
    'p90',
    pct(v, 0.9).toFixed(4),
    'min',
    pct(v, 0).toFixed(4),
  );
