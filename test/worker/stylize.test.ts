// GET /v1/styles and POST /v1/stylize through the real Worker: image input, the style network on
// onnxruntime-web, tiling, and the PNG/JPEG/WebP encoders, all inside workerd.
import { exports } from 'cloudflare:workers';
import { decode as decodePng, encode as encodePng } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { TILE, TILE_OVERLAP } from '../../functions/src/pipeline/stylize';
import { planSpans } from '../../functions/src/pipeline/tiles';
import { fixture, fixtureBase64 } from './fixtures';

const worker = (exports as unknown as { default: Fetcher }).default;
const BASE = 'http://likeness.test';
const PROBLEM = 'https://likeness.dev/problems/';

interface Rgb {
  width: number;
  height: number;
  data: Uint8Array;
}

/** A photo-like test image: smooth colour gradients plus texture, as a PNG. */
function syntheticPng(width: number, height: number): { png: Uint8Array; rgb: Rgb } {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      data[i] = (40 + (180 * x) / width + 20 * Math.sin(y / 5)) | 0;
      data[i + 1] = (60 + (150 * y) / height) | 0;
      data[i + 2] = (128 + 90 * Math.sin(x / 17) * Math.cos(y / 23)) | 0;
    }
  return { png: encodePng({ width, height, data, channels: 3, depth: 8 }), rgb: { width, height, data } };
}

function form(image: Uint8Array, type: string, fields: Record<string, string>): FormData {
  const f = new FormData();
  f.append('image', new Blob([image as Uint8Array<ArrayBuffer>], { type }), 'photo');
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  return f;
}

const stylize = (body: BodyInit, headers: Record<string, string> = {}, query = '') =>
  worker.fetch(new Request(`${BASE}/v1/stylize${query}`, { method: 'POST', body, headers }));

async function png(response: Response): Promise<Rgb> {
  if (response.status !== 200) expect.fail(`HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`);
  expect(response.headers.get('content-type')).toBe('image/png');
  const decoded = decodePng(new Uint8Array(await response.arrayBuffer()));
  expect(decoded.channels).toBe(3);
  return { width: decoded.width, height: decoded.height, data: decoded.data as Uint8Array };
}

async function problem(response: Response, status: number, kind: string): Promise<Record<string, unknown>> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const body = await response.json<Record<string, unknown>>();
  expect(body.type).toBe(PROBLEM + kind);
  return body;
}

const meanAbs = (a: Uint8Array, b: Uint8Array) => a.reduce((s, v, i) => s + Math.abs(v - b[i]), 0) / a.length;

/** Mean |chroma difference| (BT.601 Cb and Cr, 0..255 scale) over pixels that are not clipped. */
function chromaDistance(a: Rgb, b: Rgb): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < a.data.length; i += 3) {
    const [r, g, bl] = [a.data[i], a.data[i + 1], a.data[i + 2]];
    if (Math.max(r, g, bl) === 255 || Math.min(r, g, bl) === 0) continue;
    const ya = 0.299 * r + 0.587 * g + 0.114 * bl;
    const yb = 0.299 * b.data[i] + 0.587 * b.data[i + 1] + 0.114 * b.data[i + 2];
    sum += Math.abs((bl - ya) / 1.772 - (b.data[i + 2] - yb) / 1.772) + Math.abs((r - ya) / 1.402 - (b.data[i] - yb) / 1.402);
    n += 2;
  }
  return sum / n;
}

describe('GET /v1/styles', () => {
  it('lists the public-domain styles with thumbnails, in model order', async () => {
    const response = await worker.fetch(new Request(`${BASE}/v1/styles`));
    expect(response.status).toBe(200);
    const body = await response.json<{ styles: Record<string, string>[]; model: { id: string; version: string } }>();
    expect(body.styles.length).toBe(10);
    expect(body.styles[0]).toEqual({
      id: 'starry_night',
      title: 'The Starry Night',
      artist: 'Vincent van Gogh',
      year: '1889',
      licence: 'Public domain (artist d. 1890)',
      thumbnail: '/styles/starry_night.jpg',
    });
    for (const s of body.styles) {
      expect(Object.keys(s).sort()).toEqual(['artist', 'id', 'licence', 'thumbnail', 'title', 'year']);
      expect(s.licence).toMatch(/^Public domain/);
      expect(s.thumbnail).toBe(`/styles/${s.id}.jpg`);
    }
    expect(body.model.id).toBe('style-cin10');
    expect(body.model.version).toMatch(/^cin10-step\d+$/);
  });

  it('documents style mixes', async () => {
    const body = await (await worker.fetch(new Request(`${BASE}/v1/styles`))).json<{ mix: Record<string, unknown> }>();
    expect(body.mix).toEqual({
      syntax: 'id:w,id:w[,id:w]',
      min_styles: 2,
      max_styles: 3,
      example: 'starry_night:2,the_scream:1',
      normalised: 'starry_night:0.6667,the_scream:0.3333',
      description: expect.stringContaining('conditional instance norm'),
    });
  });
});

describe('POST /v1/stylize', () => {
  it('returns a decodable PNG of the photo size (multipart, JPEG in)', async () => {
    const out = await png(await stylize(form(fixture('baseline-420.jpg'), 'image/jpeg', { style: 'starry_night' })));
    expect([out.width, out.height]).toEqual([48, 32]);
  });

  it('applies EXIF orientation and max_side', async () => {
    const rotated = await png(await stylize(form(fixture('orientation-6.jpg'), 'image/jpeg', { style: 'udnie' })));
    expect([rotated.width, rotated.height]).toEqual([48, 32]);
    const { png: big } = syntheticPng(300, 200);
    const small = await png(await stylize(form(big, 'image/png', { style: 'udnie', max_side: '150' })));
    expect([small.width, small.height]).toEqual([150, 100]);
  });

  it('answers JPEG or WebP when Accept prefers them', async () => {
    const jpeg = await stylize(form(fixture('rgb.png'), 'image/png', { style: 'great_wave' }), { accept: 'image/jpeg' });
    expect(jpeg.status).toBe(200);
    expect(jpeg.headers.get('content-type')).toBe('image/jpeg');
    expect(jpeg.headers.get('vary')).toMatch(/\bAccept\b/);
    const jb = new Uint8Array(await jpeg.arrayBuffer());
    expect([jb[0], jb[1], jb[2]]).toEqual([0xff, 0xd8, 0xff]);

    const webp = await stylize(form(fixture('rgb.png'), 'image/png', { style: 'great_wave' }), {
      accept: 'image/avif,image/webp,*/*;q=0.8',
    });
    expect(webp.headers.get('content-type')).toBe('image/webp');
    const wb = new Uint8Array(await webp.arrayBuffer());
    expect(new TextDecoder().decode(wb.subarray(8, 12))).toBe('WEBP');

    await problem(
      await stylize(form(fixture('rgb.png'), 'image/png', { style: 'great_wave' }), { accept: 'application/json' }),
      406,
      'not-acceptable',
    );
  });

  it('strength 0 returns the photo; strength 1 changes it', async () => {
    const { png: photo, rgb } = syntheticPng(64, 48);
    const same = await png(await stylize(form(photo, 'image/png', { style: 'the_scream', strength: '0' })));
    expect(same.data).toEqual(rgb.data);
    const styled = await png(await stylize(form(photo, 'image/png', { style: 'the_scream', strength: '1' })));
    expect(meanAbs(styled.data, rgb.data)).toBeGreaterThan(10);
    const half = await png(await stylize(form(photo, 'image/png', { style: 'the_scream', strength: '0.5' })));
    const d = meanAbs(half.data, rgb.data);
    expect(d).toBeGreaterThan(0.3 * meanAbs(styled.data, rgb.data));
    expect(d).toBeLessThan(0.7 * meanAbs(styled.data, rgb.data));
  });

  it("preserve_colors keeps the photo's chroma", async () => {
    const { png: photo, rgb } = syntheticPng(64, 48);
    const styled = await png(await stylize(form(photo, 'image/png', { style: 'composition_vii' })));
    const kept = await png(await stylize(form(photo, 'image/png', { style: 'composition_vii', preserve_colors: 'true' })));
    expect(chromaDistance(kept, rgb)).toBeLessThan(1);
    expect(chromaDistance(styled, rgb)).toBeGreaterThan(5);
    expect(meanAbs(kept.data, rgb.data)).toBeGreaterThan(5); // the luminance is stylized
  });

  it('accepts JSON with base64 and a style blend', async () => {
    const response = await stylize(
      JSON.stringify({ image: fixtureBase64('rgb.png'), style: { starry_night: 0.5, great_wave: 0.5 }, strength: 0.9 }),
      { 'content-type': 'application/json' },
    );
    const out = await png(response);
    expect([out.width, out.height]).toEqual([48, 32]);
  });

  it('a mix of two styles returns an image that differs from both styles alone; X-Style reports the mix', async () => {
    // Real ids from GET /v1/styles, on a small photo-like image.
    const { styles } = await (await worker.fetch(new Request(`${BASE}/v1/styles`))).json<{ styles: { id: string }[] }>();
    const ids = styles.map((s) => s.id);
    expect(ids).toEqual(expect.arrayContaining(['starry_night', 'the_scream']));
    const { png: photo } = syntheticPng(64, 48);
    const answer = async (style: string) => {
      const response = await stylize(form(photo, 'image/png', { style }));
      return { style: response.headers.get('x-style'), image: await png(response) };
    };
    const mixed = await answer('starry_night:0.5,the_scream:0.5');
    expect([mixed.image.width, mixed.image.height]).toEqual([64, 48]);
    expect(mixed.style).toBe('starry_night:0.5,the_scream:0.5');
    const starry = await answer('starry_night');
    const scream = await answer('the_scream');
    expect(starry.style).toBe('starry_night');
    expect(meanAbs(mixed.image.data, starry.image.data)).toBeGreaterThan(3);
    expect(meanAbs(mixed.image.data, scream.image.data)).toBeGreaterThan(3);

    // Weights are normalised; the query and a JSON string take the same syntax.
    const query = await stylize(fixture('rgb.png'), { 'content-type': 'image/png' }, '?style=starry_night:2,the_scream:1');
    expect(query.headers.get('x-style')).toBe('starry_night:0.6667,the_scream:0.3333');
    await png(query);
    const json = await stylize(JSON.stringify({ image: fixtureBase64('rgb.png'), style: 'udnie,mondrian,great_wave' }), {
      'content-type': 'application/json',
    });
    expect(json.headers.get('x-style')).toBe('udnie:0.3333,mondrian:0.3333,great_wave:0.3333');
    await png(json);
  });

  it('an unknown id in a mix: 404 style-not-found, as for one style', async () => {
    const body = await problem(
      await stylize(form(fixture('rgb.png'), 'image/png', { style: 'starry_night:1,mona_lisa:1' })),
      404,
      'style-not-found',
    );
    expect(body.style).toBe('mona_lisa');
    expect(body.known).toContain('the_scream');
  });

  it('accepts a raw image body with options in the query', async () => {
    const out = await png(await stylize(fixture('rgb.png'), { 'content-type': 'image/png' }, '?style=mondrian&strength=0.7'));
    expect([out.width, out.height]).toEqual([48, 32]);
  });

  it('unknown style: 404 style-not-found with the known ids', async () => {
    const body = await problem(await stylize(form(fixture('rgb.png'), 'image/png', { style: 'mona_lisa' })), 404, 'style-not-found');
    expect(body.style).toBe('mona_lisa');
    expect(body.known).toContain('starry_night');
    await problem(
      await stylize(JSON.stringify({ image: fixtureBase64('rgb.png'), style: { starry_night: 1, nope: 1 } }), {
        'content-type': 'application/json',
      }),
      404,
      'style-not-found',
    );
  });

  it.each([
    [{ style: 'udnie', strength: '2' }, 'strength'],
    [{ style: 'udnie', strength: 'lots' }, 'strength'],
    [{ style: 'udnie', preserve_colors: 'perhaps' }, 'preserve_colors'],
    [{ style: 'udnie', max_side: '5000' }, 'max_side'],
    [{ style: '{"udnie": -1}' }, 'style.udnie'],
    [{}, 'style'],
    [{ style: 'udnie:0,the_scream:1' }, 'style'],
    [{ style: 'udnie:1,the_scream:1,mondrian:1,great_wave:1' }, 'style'],
    [{ style: 'udnie:1,udnie:2' }, 'style'],
    [{ style: 'udnie:1' }, 'style'],
    [{ style: '{"udnie": 1, "the_scream": 1, "mondrian": 1, "great_wave": 1}' }, 'style'],
  ])('bad options %j: 422 naming %s', async (fields, field) => {
    const body = await problem(await stylize(form(fixture('rgb.png'), 'image/png', fields)), 422, 'validation-failed');
    expect(body.field).toBe(field);
    expect(body.errors).toEqual([expect.objectContaining({ field })]);
  });

  it('bad images are refused as everywhere', async () => {
    await problem(await stylize(form(fixture('still.gif'), 'image/gif', { style: 'udnie' })), 415, 'unsupported-image');
    await problem(await stylize(form(fixture('truncated.jpg'), 'image/jpeg', { style: 'udnie' })), 422, 'invalid-image');
    const noImage = new FormData();
    noImage.append('style', 'udnie');
    await problem(await stylize(noImage), 400, 'missing-image');
  });

  it('tiles an image larger than one pass: right size, no seams at tile borders', async () => {
    // 520x400 > TILE (256 px): a statistics pass plus 3x2 tiles (overlap >= 64).
    const { png: photo } = syntheticPng(520, 400);
    const [left, right] = planSpans(520, TILE, TILE_OVERLAP);
    expect(planSpans(400, TILE, TILE_OVERLAP).length).toBe(2);
    const out = await png(await stylize(form(photo, 'image/png', { style: 'starry_night' })));
    expect([out.width, out.height]).toEqual([520, 400]);
    // Column-to-column change across the tile overlap is no larger than elsewhere in the image.
    const colStep = (x: number) => {
      let s = 0;
      for (let y = 0; y < out.height; y++)
        for (let c = 0; c < 3; c++) s += Math.abs(out.data[(y * out.width + x + 1) * 3 + c] - out.data[(y * out.width + x) * 3 + c]);
      return s / (out.height * 3);
    };
    const steps = Array.from({ length: out.width - 1 }, (_, x) => colStep(x));
    const typical = [...steps].sort((a, b) => a - b)[Math.floor(steps.length / 2)];
    for (let x = right.start; x < left.start + left.size; x++) expect(steps[x]).toBeLessThan(3 * typical);

    const health = await worker.fetch(new Request(`${BASE}/v1/health`));
    const heap = (await health.json<{ runtime: { wasm_heap_bytes?: number } }>()).runtime.wasm_heap_bytes;
    expect(heap).toBeGreaterThan(0);
    // 256 px passes keep onnxruntime-web's heap near 34 MB (384 px took it to 60-71 MB).
    expect(heap!).toBeLessThan(48 * 1024 * 1024);
  });
});
