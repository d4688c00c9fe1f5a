// Shared by the gallery tests inside workerd: calling the real Worker (its default export) with the
// real bindings or with wrapped ones that fail on purpose, and making test images.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { encode as encodePng } from 'fast-png';
import { expect } from 'vitest';
import type { Bindings } from '../../functions/src/config';
import worker from '../../functions/src/index';
import { styleCatalogue } from '../../functions/src/pipeline/stylize';
import type { GalleryItemJson, GalleryPageJson, GalleryPublishedJson } from '../../functions/src/features/gallery/schema';

export const BASE = 'http://likeness.test';
export const PROBLEM = 'https://likeness.dev/problems/';
export const STYLES = styleCatalogue().map((s) => s.id);
export const realEnv = env as unknown as Bindings;

/** The env with some bindings or vars replaced (the real object is not spreadable). */
export function envWith(overrides: Record<string, unknown>, base: Bindings = realEnv): Bindings {
  return new Proxy(base, {
    get: (target, prop) => (typeof prop === 'string' && prop in overrides ? overrides[prop] : Reflect.get(target, prop)),
    has: (target, prop) => (typeof prop === 'string' && prop in overrides) || Reflect.has(target, prop),
  });
}

/** Calls the Worker's fetch handler with `bindings` and waits for its waitUntil work. */
export async function call(path: string, init: RequestInit = {}, bindings: Bindings = realEnv): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await worker.fetch!(new Request(`${BASE}${path}`, init) as never, bindings, ctx);
  await waitOnExecutionContext(ctx);
  return response as unknown as Response;
}

/** Starts a request without waiting for it: for requests that are cut midway. */
export function start(path: string, init: RequestInit, bindings: Bindings): Promise<unknown> {
  const ctx = createExecutionContext();
  return Promise.resolve(worker.fetch!(new Request(`${BASE}${path}`, init) as never, bindings, ctx));
}

/** Runs the Worker's scheduled handler (the cron) as if at `time`. */
export async function runScheduled(time: number, bindings: Bindings = realEnv): Promise<void> {
  const ctx = createExecutionContext();
  await worker.scheduled!(createScheduledController({ scheduledTime: new Date(time), cron: '*/30 * * * *' }), bindings, ctx);
  await waitOnExecutionContext(ctx);
}

export async function expectProblem(response: Response, status: number, kind: string): Promise<Record<string, unknown>> {
  const text = await response.text();
  expect(response.status, text.slice(0, 300)).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const body = JSON.parse(text) as Record<string, unknown>;
  expect(body.type).toBe(PROBLEM + kind);
  expect(body.status).toBe(status);
  return body;
}

/** A photo-like RGB test picture as PNG; `seed` varies the colours so each image differs. */
export function testPng(width: number, height: number, seed = 0): Uint8Array {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      data[i] = (40 + (180 * x) / width + 20 * Math.sin((y + seed) / 5)) & 255;
      data[i + 1] = (60 + (150 * y) / height + seed * 17) & 255;
      data[i + 2] = (128 + 90 * Math.sin((x + seed) / 17) * Math.cos(y / 23)) & 255;
    }
  return encodePng({ width, height, data, channels: 3, depth: 8 });
}

export interface PublishFields {
  style?: string;
  title?: string;
  author?: string;
  image?: Uint8Array;
  type?: string;
}

export function publishForm(fields: PublishFields = {}): FormData {
  const form = new FormData();
  const image = fields.image ?? testPng(96, 64);
  form.append('image', new Blob([image as Uint8Array<ArrayBuffer>], { type: fields.type ?? 'image/png' }), 'stylized.png');
  if (fields.style !== '') form.append('style', fields.style ?? STYLES[0]);
  if (fields.title !== undefined) form.append('title', fields.title);
  if (fields.author !== undefined) form.append('author', fields.author);
  return form;
}

export type { GalleryItemJson, GalleryPageJson } from '../../functions/src/features/gallery/schema';
export type Published = GalleryPublishedJson;

let clients = 0;
/** A client address of its own, so rate-limit counters of one test do not affect another. */
export const newClient = () => `test-client-${++clients}-${Date.now()}`;

export async function publish(
  fields: PublishFields & { title: string },
  bindings: Bindings = realEnv,
  headers: Record<string, string> = {},
): Promise<Published> {
  const response = await call(
    '/v1/gallery',
    { method: 'POST', body: publishForm(fields), headers: { 'cf-connecting-ip': newClient(), ...headers } },
    bindings,
  );
  const text = await response.text();
  expect(response.status, text.slice(0, 400)).toBe(201);
  return JSON.parse(text) as Published;
}

export async function listAll(query: string, bindings: Bindings = realEnv): Promise<GalleryItemJson[]> {
  const items: GalleryItemJson[] = [];
  let cursor: string | null = null;
  do {
    const response = await call(`/v1/gallery?${query}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {}, bindings);
    expect(response.status).toBe(200);
    const page = await response.json<GalleryPageJson>();
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return items;
}

/** Every key under gallery/ in R2. */
export async function mediaKeys(): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await realEnv.MEDIA.list({ prefix: 'gallery/', ...(cursor ? { cursor } : {}) });
    keys.push(...page.objects.map((o) => o.key));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return keys.sort();
}

export async function rowsTitled(title: string): Promise<{ id: string; state: string }[]> {
  const { results } = await realEnv.DB.prepare('SELECT id, state FROM gallery_items WHERE title = ?1')
    .bind(title)
    .all<{ id: string; state: string }>();
  return results;
}

/** Segment markers of a JPEG up to the start of scan (0xFFE1 = APP1: EXIF or XMP). */
export function jpegMarkers(bytes: Uint8Array): number[] {
  expect(bytes[0]).toBe(0xff);
  expect(bytes[1]).toBe(0xd8);
  const markers: number[] = [];
  let i = 2;
  while (i + 4 <= bytes.length) {
    if (bytes[i] !== 0xff) throw new Error(`no marker at ${i}`);
    const marker = 0xff00 | bytes[i + 1];
    markers.push(marker);
    if (marker === 0xffda) break; // start of scan: entropy-coded data follows
    i += 2 + ((bytes[i + 2] << 8) | bytes[i + 3]);
  }
  return markers;
}

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/**
 * The JPEG with an APP1 EXIF segment inserted after SOI: camera make "SecretCam", GPS latitude
 * 48°51'N and longitude 2°21'E (the metadata a phone photo carries).
 */
export function withExifGps(jpeg: Uint8Array): Uint8Array {
  // TIFF, big-endian. IFD0 at 8: Make (ASCII), Orientation = 1, GPS IFD pointer.
  const tiff: number[] = [];
  const u16 = (v: number) => tiff.push((v >> 8) & 255, v & 255);
  const u32 = (v: number) => tiff.push((v >>> 24) & 255, (v >> 16) & 255, (v >> 8) & 255, v & 255);
  const make = ascii('SecretCam\0');
  const ifd0 = 8;
  const ifd0Size = 2 + 3 * 12 + 4;
  const makeAt = ifd0 + ifd0Size;
  const gpsAt = makeAt + make.length + (make.length % 2);
  const gpsSize = 2 + 4 * 12 + 4;
  const latAt = gpsAt + gpsSize;
  const lonAt = latAt + 24;
  tiff.push(...ascii('MM'), 0, 42);
  u32(ifd0);
  u16(3);
  u16(0x010f), u16(2), u32(make.length), u32(makeAt); // Make
  u16(0x0112), u16(3), u32(1), u16(1), u16(0); // Orientation = 1
  u16(0x8825), u16(4), u32(1), u32(gpsAt); // GPSInfo IFD
  u32(0);
  tiff.push(...make);
  if (make.length % 2) tiff.push(0);
  u16(4);
  u16(0x0001), u16(2), u32(2), tiff.push(...ascii('N\0'), 0, 0); // GPSLatitudeRef
  u16(0x0002), u16(5), u32(3), u32(latAt); // GPSLatitude
  u16(0x0003), u16(2), u32(2), tiff.push(...ascii('E\0'), 0, 0); // GPSLongitudeRef
  u16(0x0004), u16(5), u32(3), u32(lonAt); // GPSLongitude
  u32(0);
  for (const [num, den] of [
    [48, 1],
    [51, 1],
    [2400, 100],
    [2, 1],
    [21, 1],
    [300, 100],
  ])
    u32(num), u32(den);
  const payload = [...ascii('Exif\0\0'), ...tiff];
  const length = payload.length + 2;
  const segment = [0xff, 0xe1, (length >> 8) & 255, length & 255, ...payload];
  const out = new Uint8Array(jpeg.length + segment.length);
  out.set(jpeg.subarray(0, 2));
  out.set(segment, 2);
  out.set(jpeg.subarray(2), 2 + segment.length);
  return out;
}

export const contains = (bytes: Uint8Array, text: string) => {
  const needle = ascii(text);
  outer: for (let i = 0; i + needle.length <= bytes.length; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
};
