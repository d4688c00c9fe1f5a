// POST /v1/faces/detect and /v1/faces/embed through the real Worker: upload, decode, BlazeFace,
// alignment, quality and the int8 encoder on onnxruntime-web inside workerd.
import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { encode as encodePng } from 'fast-png';
import type { DetectionJson, EmbeddedFaceJson, FaceJson } from '../../functions/src/features/faces/schema';
import { decodeImage } from '../../functions/src/image';
import { resizeRgb } from '../../functions/src/image/resize';
import { faceFixture, fixture } from './fixtures';

const worker = (exports as unknown as { default: Fetcher }).default;
const post = (path: string, body: BodyInit, headers: Record<string, string> = {}) =>
  worker.fetch(new Request(`http://likeness.test${path}`, { method: 'POST', body, headers }));
const jpegForm = (name: string, field = 'image') => {
  const form = new FormData();
  form.append(field, new Blob([faceFixture(name)], { type: 'image/jpeg' }), name);
  return form;
};
const base64 = (bytes: Uint8Array) => btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(''));

/** A face of either answer: detect's, or embed's with its embedding and model. */
type Face = FaceJson & Partial<Pick<EmbeddedFaceJson, 'embedding' | 'model'>>;
type Detection = Omit<DetectionJson, 'faces'> & { faces: Face[] };

const LANDMARKS = ['right_eye', 'left_eye', 'nose', 'mouth', 'right_ear', 'left_ear'];

describe('POST /v1/faces/detect', () => {
  it('finds the face of a portrait with box, landmarks and quality (multipart)', async () => {
    const response = await post('/v1/faces/detect', jpegForm('same-person-1.jpg'));
    expect(response.status).toBe(200);
    const body = await response.json<Detection>();
    expect([body.width, body.height]).toEqual([280, 280]);
    expect(body.analysed).toEqual({ width: 280, height: 280 });
    expect(body.faces).toHaveLength(1);
    const [face] = body.faces;
    expect(face.score).toBeGreaterThan(0.8);
    expect(Object.keys(face.landmarks)).toEqual(LANDMARKS);
    const { box, landmarks } = face;
    expect(box.x).toBeGreaterThan(0);
    expect(box.x + box.width).toBeLessThan(280);
    expect(landmarks.right_eye.x).toBeLessThan(landmarks.left_eye.x);
    expect(landmarks.nose.x).toBeGreaterThan(box.x);
    expect(landmarks.nose.x).toBeLessThan(box.x + box.width);
    expect(face.quality.size_px).toBe(Math.round(Math.max(box.width, box.height)));
    expect(face.quality.brightness).toBeGreaterThan(0.2);
    expect(face.quality.sharpness).toBeGreaterThan(0);
    expect(Math.abs(face.quality.pose.yaw)).toBeLessThan(20); // a frontal portrait
    expect(face.quality.issues).toEqual([]);
    expect(face).not.toHaveProperty('embedding');
  });

  it('lists every face of a group photo, largest first (JSON base64)', async () => {
    const response = await post('/v1/faces/detect', JSON.stringify({ image: base64(faceFixture('group.jpg')) }), {
      'content-type': 'application/json',
    });
    expect(response.status).toBe(200);
    const body = await response.json<Detection>();
    expect([body.width, body.height]).toEqual([720, 480]);
    expect(body.faces).toHaveLength(3);
    const areas = body.faces.map((f) => f.box.width * f.box.height);
    expect([...areas].sort((a, b) => b - a)).toEqual(areas);
  });

  it('answers a photo without a face with an empty list, not an error (raw body)', async () => {
    const response = await post('/v1/faces/detect', faceFixture('no-face.jpg'), { 'content-type': 'image/jpeg' });
    expect(response.status).toBe(200);
    expect((await response.json<Detection>()).faces).toEqual([]);
  });

  it('reports coordinates in the uploaded photo when it is analysed smaller', async () => {
    // group.jpg enlarged 2x to 1440x960 (a PNG made here): analysed at 1024x683, reported at 1440x960.
    const { image } = await decodeImage(faceFixture('group.jpg'));
    const big = resizeRgb(image, 1440, 960);
    const png = encodePng({ width: big.width, height: big.height, data: big.data, channels: 3 });
    const [small, large] = await Promise.all([
      post('/v1/faces/detect', faceFixture('group.jpg'), { 'content-type': 'image/jpeg' }).then((r) => r.json<Detection>()),
      post('/v1/faces/detect', png, { 'content-type': 'image/png' }).then((r) => r.json<Detection>()),
    ]);
    expect([large.width, large.height]).toEqual([1440, 960]);
    expect(large.analysed).toEqual({ width: 1024, height: 683 });
    expect(large.faces).toHaveLength(small.faces.length);
    large.faces.forEach((f, i) => {
      const expected = small.faces[i].box;
      // Same faces, twice the coordinates (within the detector's jitter between two resamplings).
      expect(Math.abs(f.box.x - 2 * expected.x)).toBeLessThan(0.05 * 2 * expected.width);
      expect(Math.abs(f.box.width - 2 * expected.width)).toBeLessThan(0.05 * 2 * expected.width);
      expect(Math.abs(f.landmarks.nose.y - 2 * small.faces[i].landmarks.nose.y)).toBeLessThan(0.05 * 2 * expected.height);
    });
  });

  it('refuses bad input with problem+json', async () => {
    const missingField = await post('/v1/faces/detect', jpegForm('same-person-1.jpg', 'photo'));
    expect(missingField.status).toBe(400);
    expect(missingField.headers.get('content-type')).toContain('application/problem+json');
    expect(await missingField.json()).toMatchObject({ type: 'https://likeness.dev/problems/missing-image', field: 'image' });

    const text = new FormData();
    text.append('image', new Blob([fixture('text-posing-as.png')], { type: 'image/png' }), 'x.png');
    const unsupported = await post('/v1/faces/detect', text);
    expect(unsupported.status).toBe(415);
    expect(await unsupported.json()).toMatchObject({ type: 'https://likeness.dev/problems/unsupported-image' });

    const wrongMethod = await worker.fetch(new Request('http://likeness.test/v1/faces/detect'));
    expect(wrongMethod.status).toBe(405);
  });
});

describe('POST /v1/faces/embed', () => {
  it('returns a 128-d embedding and the model with each face', async () => {
    const response = await post('/v1/faces/embed', jpegForm('group.jpg'));
    expect(response.status).toBe(200);
    const body = await response.json<Detection>();
    expect(body.faces).toHaveLength(3);
    for (const f of body.faces) {
      expect(f.embedding).toHaveLength(128);
      expect(f.embedding!.every(Number.isFinite)).toBe(true);
      expect(f.model).toEqual({ id: 'dlib-face-encoder', version: '2' });
    }
  });

  it('gives embeddings of one person that are close, and of two people that are not', async () => {
    const embed = async (name: string) => (await (await post('/v1/faces/embed', jpegForm(name))).json<Detection>()).faces[0].embedding!;
    const [a, b, c] = [await embed('same-person-1.jpg'), await embed('same-person-2.jpg'), await embed('different-person.jpg')];
    const distance = (x: number[], y: number[]) => Math.hypot(...x.map((v, i) => v - y[i]));
    expect(distance(a, b)).toBeLessThan(0.45);
    expect(distance(a, c)).toBeGreaterThan(0.7);
  });
});

describe('OpenAPI', () => {
  it('documents the face routes and their problems', async () => {
    const doc = await (await worker.fetch(new Request('http://likeness.test/v1/openapi.json'))).json<{
      paths: Record<string, { post?: { responses: Record<string, unknown> } }>;
    }>();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/faces/detect', '/v1/faces/embed', '/v1/verify']));
    expect(Object.keys(doc.paths['/v1/verify'].post!.responses)).toEqual(expect.arrayContaining(['200', '400', '413', '415', '422']));
  });
});
