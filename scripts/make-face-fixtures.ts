// Generates the face test fixtures in test/fixtures/faces/ (committed; each < 60 KB; origins and
// licences in test/fixtures/faces/SOURCES.md). Deterministic: pure-JS decode (fast-png, jpeg-js),
// the product's own resampling, jpeg-js encoding; no randomness, no metadata.
//
//   apt-get download python3-skimage      # Debian bookworm 0.19.3-8: astronaut.png, hubble_deep_field.jpg
//   dpkg-deb -x python3-skimage_*.deb .cache/skimage
//   npx tsx scripts/make-face-fixtures.ts .cache/skimage/usr/lib/python3/dist-packages/skimage/data
//
// The face-api photos come from the pinned devDependency @vladmandic/face-api@1.7.15.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decode as decodePngFile } from 'fast-png';
import jpeg from 'jpeg-js';
import { resizeRgb } from '../functions/src/image/resize.ts';
import type { RgbImage } from '../functions/src/image/types.ts';
import { invertAffine, warpAffine } from '../functions/src/pipeline/face/align.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'test/fixtures/faces');
const SKIMAGE = process.argv[2];
if (!SKIMAGE) throw new Error('usage: tsx scripts/make-face-fixtures.ts <skimage data folder>');
const FACE_API_DEMO = join(ROOT, 'node_modules/@vladmandic/face-api/demo');

function loadPng(path: string): RgbImage {
  const p = decodePngFile(readFileSync(path));
  if (p.depth !== 8 || p.palette) throw new Error(`${path}: expected 8-bit RGB(A)`);
  const out = new Uint8Array(p.width * p.height * 3);
  for (let i = 0; i < p.width * p.height; i++) for (let c = 0; c < 3; c++) out[i * 3 + c] = p.data[i * p.channels + c];
  return { width: p.width, height: p.height, data: out };
}

function loadJpeg(path: string): RgbImage {
  const j = jpeg.decode(readFileSync(path), { useTArray: true, formatAsRGBA: false, maxMemoryUsageInMB: 512 });
  return { width: j.width, height: j.height, data: j.data };
}

function crop(img: RgbImage, x: number, y: number, w: number, h: number): RgbImage {
  const data = new Uint8Array(w * h * 3);
  for (let r = 0; r < h; r++) data.set(img.data.subarray(((y + r) * img.width + x) * 3, ((y + r) * img.width + x + w) * 3), r * w * 3);
  return { width: w, height: h, data };
}

/** Mirror, rotate by `degrees` about the centre and scale, into an outW x outH frame. */
function transform(img: RgbImage, degrees: number, scale: number, outW: number, outH: number, mirror: boolean): RgbImage {
  const a = (degrees * Math.PI) / 180;
  const [cos, sin] = [Math.cos(a) * scale, Math.sin(a) * scale];
  const [sx, sy] = [(img.width - 1) / 2, (img.height - 1) / 2];
  const [ox, oy] = [(outW - 1) / 2, (outH - 1) / 2];
  const m = mirror ? -1 : 1;
  // source -> output: mirror x about the centre, rotate, scale, move the centre to the output's
  const forward = [m * cos, -sin, ox - (m * cos * sx - sin * sy), m * sin, cos, oy - (m * sin * sx + cos * sy)];
  const chip = warpAffine(img, invertAffine(forward), outW, outH);
  return { width: outW, height: outH, data: Uint8Array.from(chip, (v) => Math.round(v)) };
}

const tone = (img: RgbImage, gamma: number, gain: [number, number, number]): RgbImage => ({
  ...img,
  data: img.data.map((v, i) => Math.min(255, Math.round(255 * (v / 255) ** gamma * gain[i % 3]))),
});

function writeJpeg(name: string, img: RgbImage, quality: number): void {
  const rgba = new Uint8Array(img.width * img.height * 4);
  for (let i = 0; i < img.width * img.height; i++) {
    rgba.set(img.data.subarray(i * 3, i * 3 + 3), i * 4);
    rgba[i * 4 + 3] = 255;
  }
  const bytes = jpeg.encode({ width: img.width, height: img.height, data: rgba }, quality).data;
  if (bytes.length > 60_000) throw new Error(`${name} is ${bytes.length} bytes; keep fixtures under 60 KB`);
  writeFileSync(join(OUT, name), bytes);
  console.log(`${name}: ${img.width}x${img.height}, ${bytes.length} bytes`);
}

mkdirSync(OUT, { recursive: true });

// Eileen Collins (NASA portrait, public domain), 512x512: head and shoulders, upright, as taken.
const astronaut = loadPng(join(SKIMAGE, 'astronaut.png'));
writeJpeg('same-person-1.jpg', resizeRgb(crop(astronaut, 96, 0, 320, 320), 280, 280), 85);
// The same portrait made to look like another shot: mirrored, tilted 14 degrees, smaller, darker
// and warmer, framed differently, lower JPEG quality (the tilted frame stays inside the photo).
writeJpeg('same-person-2.jpg', tone(transform(crop(astronaut, 0, 0, 512, 400), -14, 0.85, 300, 260, true), 1.35, [1.05, 0.97, 0.85]), 70);

// @vladmandic/face-api demo photos (MIT): one face cut from sample6, the three people of sample1.
const sample6 = loadJpeg(join(FACE_API_DEMO, 'sample6.jpg'));
writeJpeg('different-person.jpg', resizeRgb(crop(sample6, 590, 250, 370, 450), 222, 270), 85);
const sample1 = loadJpeg(join(FACE_API_DEMO, 'sample1.jpg'));
writeJpeg('group.jpg', resizeRgb(sample1, 720, 480), 72);

// A photo with no face: NASA's Hubble eXtreme Deep Field (public domain), checked to give no face
// at 200..1024 px. Not the skimage cat or coffee cup: BlazeFace finds a "face" in both (scores 0.8
// and 0.65), a limitation worth knowing.
const hubble = loadJpeg(join(SKIMAGE, 'hubble_deep_field.jpg'));
writeJpeg('no-face.jpg', resizeRgb(hubble, 300, 262), 80);
