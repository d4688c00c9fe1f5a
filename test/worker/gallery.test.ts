// The community gallery API through the real Worker inside workerd, with its real D1 and R2:
// publish, list, get, image/thumb (ETag, 304), likes (one per visitor), reports hiding an item,
// delete with the token, keyset pagination stable under inserts, metadata stripped, validation.
import { decode as decodePng } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../functions/src/image';
import { prepareGalleryImage } from '../../functions/src/pipeline/gallery-image';
import { galleryStore } from '../../functions/src/storage';
import { fixture } from './fixtures';
import {
  call,
  contains,
  envWith,
  expectProblem,
  jpegMarkers,
  listAll,
  newClient,
  publish,
  publishForm,
  realEnv,
  rowsTitled,
  STYLES,
  testPng,
  withExifGps,
  type GalleryItemJson,
  type GalleryPageJson,
} from './gallery-helpers';

const post = (path: string, init: RequestInit = {}) =>
  call(path, { method: 'POST', ...init, headers: { 'cf-connecting-ip': newClient(), ...(init.headers ?? {}) } });
const visitorCookie = (n: number) => `lk_visitor=visitor-${String(n).padStart(4, '0')}-aaaaaaaaaaaaaaaaaaaa`;

describe('POST /v1/gallery: publish', () => {
  it('stores the image re-encoded with a thumbnail and answers 201 with id, url and delete token', async () => {
    const png = testPng(300, 200, 1);
    const response = await call('/v1/gallery', {
      method: 'POST',
      body: publishForm({ image: png, style: STYLES[1], title: '  Morning   coffee ', author: 'Ada' }),
      headers: { 'cf-connecting-ip': newClient() },
    });
    expect(response.status).toBe(201);
    const body = await response.json<{ id: string; url: string; delete_token: string; item: GalleryItemJson }>();
    expect(body.id).toMatch(/^[0-9a-f]{16}$/);
    expect(body.url).toBe(`/gallery?item=${body.id}`);
    expect(body.delete_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(response.headers.get('location')).toBe(`/v1/gallery/${body.id}`);
    expect(body.item).toMatchObject({
      id: body.id,
      style: STYLES[1],
      title: 'Morning coffee',
      author: 'Ada',
      likes: 0,
      width: 300,
      height: 200,
    });
    expect(body.item.thumb_width).toBe(300); // 300 <= 400: not enlarged

    // Only the token's SHA-256 is stored.
    const row = await realEnv.DB.prepare('SELECT * FROM gallery_items WHERE id = ?1').bind(body.id).first<Record<string, unknown>>();
    expect(row).toMatchObject({ state: 'visible', likes: 0, reports: 0, style: STYLES[1] });
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body.delete_token)));
    expect(row!.delete_token_hash).toBe([...digest].map((b) => b.toString(16).padStart(2, '0')).join(''));
    expect(JSON.stringify(row)).not.toContain(body.delete_token);

    const item = await call(`/v1/gallery/${body.id}`);
    expect(item.status).toBe(200);
    expect(await item.json()).toEqual({ ...body.item, liked: false });

    const image = await call(body.item.image_url);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/jpeg');
    expect(image.headers.get('cache-control')).toBe('public, max-age=3600');
    expect(image.headers.get('x-content-type-options')).toBe('nosniff');
    const etag = image.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const bytes = new Uint8Array(await image.arrayBuffer());
    expect(Number(image.headers.get('content-length'))).toBe(bytes.length);
    const decoded = await decodeImage(bytes);
    expect([decoded.format, decoded.image.width, decoded.image.height]).toEqual(['jpeg', 300, 200]);
    // Re-encoded, not the upload: same picture, within JPEG loss.
    const source = decodePng(png).data as Uint8Array;
    const error = decoded.image.data.reduce((s, v, i) => s + Math.abs(v - source[i]), 0) / source.length;
    expect(error).toBeLessThan(4);

    const again = await call(body.item.image_url, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe('');
    expect((await call(body.item.image_url, { headers: { 'if-none-match': `"other", ${etag}` } })).status).toBe(304);
    expect((await call(body.item.image_url, { headers: { 'if-none-match': '"other"' } })).status).toBe(200);

    const thumb = await call(body.item.thumb_url);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/jpeg');
    const thumbEtag = thumb.headers.get('etag')!;
    expect(thumbEtag).not.toBe(etag);
    expect((await call(body.item.thumb_url, { headers: { 'if-none-match': thumbEtag } })).status).toBe(304);

    const listed = await listAll(`style=${STYLES[1]}`);
    expect(listed.find((i) => i.id === body.id)).toEqual(body.item);
  });

  it('makes a thumbnail of at most 400 px and accepts JPEG, WebP and JSON bodies', async () => {
    const big = await publish({ image: testPng(1024, 512, 2), title: 'Wide' });
    expect([big.item.width, big.item.height, big.item.thumb_width, big.item.thumb_height]).toEqual([1024, 512, 400, 200]);
    const thumb = await decodeImage(new Uint8Array(await (await call(big.item.thumb_url)).arrayBuffer()));
    expect([thumb.image.width, thumb.image.height]).toEqual([400, 200]);

    const webp = await publish({ image: fixture('lossy.webp'), type: 'image/webp', title: 'From WebP' });
    expect(webp.item.title).toBe('From WebP');

    let binary = '';
    for (const b of testPng(64, 64, 3)) binary += String.fromCharCode(b);
    const json = await call('/v1/gallery', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': newClient() },
      body: JSON.stringify({ image: `data:image/png;base64,${btoa(binary)}`, style: STYLES[2], title: 'From JSON' }),
    });
    expect(json.status).toBe(201);
  });

  it('strips EXIF and GPS: the stored and served JPEG has no APP1 segment', async () => {
    const upload = withExifGps(fixture('baseline-420.jpg'));
    expect(jpegMarkers(upload)).toContain(0xffe1);
    expect(contains(upload, 'SecretCam')).toBe(true);
    const decodedUpload = await decodeImage(upload); // the test file is a valid JPEG with EXIF
    expect(decodedUpload.orientation).toBe(1);

    const published = await publish({ image: upload, type: 'image/jpeg', title: 'Has GPS' });
    const stored = await realEnv.MEDIA.get(`gallery/${published.id}/image.jpg`);
    const storedBytes = new Uint8Array(await stored!.arrayBuffer());
    const served = new Uint8Array(await (await call(published.item.image_url)).arrayBuffer());
    expect(served).toEqual(storedBytes);
    const storedThumb = new Uint8Array(await (await realEnv.MEDIA.get(`gallery/${published.id}/thumb.jpg`))!.arrayBuffer());
    for (const bytes of [storedBytes, storedThumb]) {
      const markers = jpegMarkers(bytes);
      expect(markers).not.toContain(0xffe1); // EXIF / XMP
      expect(markers).not.toContain(0xffe2); // ICC
      expect(markers).not.toContain(0xfffe); // comment
      expect(contains(bytes, 'Exif')).toBe(false);
      expect(contains(bytes, 'SecretCam')).toBe(false);
    }
    // Nothing else of the upload is kept either: no file name, no client data in the row.
    const row = await realEnv.DB.prepare('SELECT * FROM gallery_items WHERE id = ?1').bind(published.id).first<Record<string, unknown>>();
    expect(Object.keys(row!).sort()).toEqual(
      [
        'author',
        'created_at',
        'delete_token_hash',
        'example',
        'height',
        'id',
        'image_etag',
        'likes',
        'reports',
        'state',
        'style',
        'thumb_etag',
        'thumb_height',
        'thumb_width',
        'title',
        'width',
      ].sort(),
    );
    expect(stored!.customMetadata).toEqual({ item: published.id, kind: 'image' });
  });

  it('stores titles and names as plain text, verbatim: HTML is not interpreted or altered', async () => {
    const title = '<img src=x onerror=alert(1)><script>alert("t")</script> & "quotes"';
    const published = await publish({ title, author: '<b>Eve</b>' });
    expect(published.item.title).toBe(title);
    expect(published.item.author).toBe('<b>Eve</b>');
    const item = await (await call(`/v1/gallery/${published.id}`)).json<GalleryItemJson>();
    expect(item.title).toBe(title);
  });

  it('removes invisible formatting characters and refuses control characters', async () => {
    const published = await publish({ title: 'Left\u202Eright\u200B done', author: '   ' });
    expect(published.item.title).toBe('Leftright done');
    expect(published.item.author).toBeNull();
    const bad = await post('/v1/gallery', { body: publishForm({ title: 'bell\u0007' }) });
    expect((await expectProblem(bad, 422, 'validation-failed')).field).toBe('title');
  });

  it('refuses what it cannot accept, each as problem+json', async () => {
    const cases: [PublishFieldsCase, number, string, string?][] = [
      [{}, 422, 'validation-failed', 'title'],
      [{ title: '' }, 422, 'validation-failed', 'title'],
      [{ title: 'x'.repeat(81) }, 422, 'validation-failed', 'title'],
      [{ title: 'ok', author: 'y'.repeat(41) }, 422, 'validation-failed', 'author'],
      [{ title: 'ok', style: '' }, 422, 'validation-failed', 'style'],
      [{ title: 'ok', style: 'no_such_style' }, 404, 'style-not-found', 'style'],
      [{ title: 'ok', image: testPng(1100, 64) }, 413, 'image-too-large', 'image'],
      [{ title: 'ok', image: testPng(64, 20) }, 422, 'validation-failed', 'image'],
      [{ title: 'ok', image: fixture('still.gif'), type: 'image/gif' }, 415, 'unsupported-image', 'image'],
      [{ title: 'ok', image: fixture('truncated.png') }, 422, 'invalid-image', 'image'],
      [
        { title: 'ok', image: new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'), type: 'image/svg+xml' },
        415,
        'unsupported-image',
        'image',
      ],
    ];
    for (const [fields, status, kind, field] of cases) {
      const body = await expectProblem(await post('/v1/gallery', { body: publishForm(fields) }), status, kind);
      if (field) expect(body.field, JSON.stringify(fields).slice(0, 80)).toBe(field);
    }
    // Over the gallery's byte limit (4 MiB): refused before the body is read.
    const huge = await post('/v1/gallery', {
      body: new Uint8Array(5 * 1024 * 1024),
      headers: { 'content-type': 'image/png', 'content-length': String(5 * 1024 * 1024) },
    });
    await expectProblem(huge, 413, 'payload-too-large');
    const missing = await post('/v1/gallery', {
      body: (() => {
        const f = new FormData();
        f.append('title', 't');
        return f;
      })(),
    });
    await expectProblem(missing, 400, 'missing-image');
  });
});

type PublishFieldsCase = Parameters<typeof publishForm>[0];

describe('example pictures (npm run gallery:seed)', () => {
  it('marks seeded items as examples; a visitor can never publish one', async () => {
    // What a visitor publishes is never an example, whatever the form says.
    const form = publishForm({ image: testPng(64, 64, 7), style: STYLES[0], title: 'Not an example' });
    form.append('example', 'true');
    const published = await call('/v1/gallery', { method: 'POST', body: form, headers: { 'cf-connecting-ip': newClient() } });
    expect(published.status).toBe(201);
    expect((await published.json<{ item: GalleryItemJson }>()).item.example).toBe(false);

    // The seed script stores through the same store, with example set.
    const store = galleryStore(realEnv);
    expect(await store.isEmpty()).toBe(false);
    const prepared = await prepareGalleryImage(testPng(80, 60, 8));
    const id = 'e0e0e0e0e0e0e0e0';
    await store.publish({
      id,
      style: STYLES[2],
      title: 'Seeded',
      author: 'Likeness',
      createdAt: Date.now(),
      deleteTokenHash: '0'.repeat(64),
      example: true,
      ...prepared,
    });
    const item = await (await call(`/v1/gallery/${id}`)).json<GalleryItemJson>();
    expect(item).toMatchObject({ id, title: 'Seeded', example: true });
    expect((await listAll(`style=${STYLES[2]}`)).find((i) => i.id === id)?.example).toBe(true);
  });
});

describe('GET /v1/gallery: browse', () => {
  it('validates its query', async () => {
    expect((await expectProblem(await call('/v1/gallery?sort=old'), 422, 'validation-failed')).detail).toMatch(/sort/);
    await expectProblem(await call('/v1/gallery?limit=0'), 422, 'validation-failed');
    await expectProblem(await call('/v1/gallery?limit=101'), 422, 'validation-failed');
    await expectProblem(await call('/v1/gallery?cursor=garbage'), 422, 'validation-failed');
    await expectProblem(await call('/v1/gallery?style=nope'), 404, 'style-not-found');
    const page = await (await call('/v1/gallery?sort=new&limit=1')).json<GalleryPageJson>();
    if (page.next_cursor) {
      // A cursor belongs to its sort order.
      const body = await expectProblem(await call(`/v1/gallery?sort=top&cursor=${page.next_cursor}`), 422, 'validation-failed');
      expect(body.detail).toMatch(/sort=new/);
    }
  });

  it('pages newest first with a keyset cursor that neither repeats nor skips items when new ones are published', async () => {
    const style = STYLES[3];
    const first: string[] = [];
    for (let i = 0; i < 5; i++) first.push((await publish({ style, title: `page ${i}`, image: testPng(48, 48, i) })).id);
    const expected = [...first].reverse(); // newest first

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await call(`/v1/gallery?style=${style}&sort=new&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      const page = await response.json<GalleryPageJson>();
      seen.push(...page.items.map((i) => i.id));
      cursor = page.next_cursor;
      pages++;
      // Inserts between pages land before the cursor: they do not shift later pages.
      if (pages === 1) await publish({ style, title: 'inserted while paging', image: testPng(48, 48, 9) });
    } while (cursor);
    expect(seen).toEqual(expected);
    expect(pages).toBe(3);

    const items = await listAll(`style=${style}`);
    expect(items[0].title).toBe('inserted while paging');
    expect(items.every((i) => i.style === style)).toBe(true);
    const times = items.map((i) => Date.parse(i.created_at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('pages most liked first (then newest), stable under inserts', async () => {
    const style = STYLES[4];
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await publish({ style, title: `top ${i}`, image: testPng(40, 40, i) })).id);
    // likes: ids[1] 3, ids[3] 2, ids[0] 1, ids[2] 0
    const likes: [number, number][] = [
      [1, 3],
      [3, 2],
      [0, 1],
    ];
    for (const [index, count] of likes) {
      for (let v = 0; v < count; v++)
        expect((await post(`/v1/gallery/${ids[index]}/like`, { headers: { cookie: visitorCookie(100 + v) } })).status).toBe(200);
    }
    const seen: GalleryItemJson[] = [];
    let cursor: string | null = null;
    let inserted = false;
    do {
      const page: GalleryPageJson = await (
        await call(`/v1/gallery?style=${style}&sort=top&limit=1${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      seen.push(...page.items);
      cursor = page.next_cursor;
      if (!inserted) {
        inserted = true;
        await publish({ style, title: 'new with no likes', image: testPng(40, 40, 7) });
      }
    } while (cursor);
    const order = seen.map((i) => i.id);
    // The new item (0 likes, newest) sorts first among the 0-like items, which the cursor had not
    // reached yet; every original item appears exactly once, in order.
    expect(order.filter((id) => ids.includes(id))).toEqual([ids[1], ids[3], ids[0], ids[2]]);
    expect(seen.map((i) => i.likes)).toEqual([3, 2, 1, 0, 0]);
    expect(new Set(order).size).toBe(order.length);
  });
});

describe('likes', () => {
  it('counts one like per visitor; repeating is a no-op; a like can be taken back', async () => {
    const { id } = await publish({ title: 'likeable' });
    const like = (cookie?: string) => post(`/v1/gallery/${id}/like`, { headers: cookie ? { cookie } : {} });

    const first = await like(visitorCookie(1));
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ id, likes: 1, liked: true });
    expect(first.headers.get('set-cookie')).toBeNull(); // the visitor already had an id
    expect(await (await like(visitorCookie(1))).json()).toEqual({ id, likes: 1, liked: true });
    expect(await (await like(visitorCookie(2))).json()).toEqual({ id, likes: 2, liked: true });

    // A visitor without the cookie gets one (anonymous, random, HttpOnly) and counts once with it.
    const fresh = await like();
    const setCookie = fresh.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^lk_visitor=[A-Za-z0-9_-]{24}; Max-Age=31536000; Path=\/v1\/gallery; HttpOnly; SameSite=Lax$/);
    expect((await fresh.json<{ likes: number }>()).likes).toBe(3);
    const cookie = setCookie.split(';')[0];
    expect((await (await like(cookie)).json<{ likes: number }>()).likes).toBe(3);

    const detail = await (await call(`/v1/gallery/${id}`, { headers: { cookie } })).json<GalleryItemJson>();
    expect(detail).toMatchObject({ likes: 3, liked: true });
    expect((await (await call(`/v1/gallery/${id}`, { headers: { cookie: visitorCookie(3) } })).json<GalleryItemJson>()).liked).toBe(false);

    const unliked = await post(`/v1/gallery/${id}/like`, { method: 'DELETE', headers: { cookie } });
    expect(await unliked.json()).toEqual({ id, likes: 2, liked: false });
    expect((await (await post(`/v1/gallery/${id}/like`, { method: 'DELETE', headers: { cookie } })).json<{ likes: number }>()).likes).toBe(
      2,
    );

    // The visitor id is stored only as a hash.
    const { results } = await realEnv.DB.prepare('SELECT visitor FROM gallery_likes WHERE item_id = ?1')
      .bind(id)
      .all<{ visitor: string }>();
    expect(results).toHaveLength(2);
    for (const r of results) expect(r.visitor).toMatch(/^[0-9a-f]{64}$/);

    await expectProblem(await post('/v1/gallery/0000000000000000/like'), 404, 'gallery-item-not-found');
  });
});

describe('reports', () => {
  it('hides an item once GALLERY_REPORT_THRESHOLD addresses reported it; one report per address', async () => {
    const bindings = envWith({ GALLERY_REPORT_THRESHOLD: '2' });
    const { id, item } = await publish({ title: 'to be reported' });
    const [addressA, addressB] = [newClient(), newClient()];
    const report = (cookie: string, address: string, body: unknown = { reason: 'spam' }) =>
      call(
        `/v1/gallery/${id}/report`,
        {
          method: 'POST',
          headers: { cookie, 'content-type': 'application/json', 'cf-connecting-ip': address },
          body: JSON.stringify(body),
        },
        bindings,
      );

    expect((await expectProblem(await report(visitorCookie(10), addressA, { reason: 'boring' }), 422, 'validation-failed')).field).toBe(
      'reason',
    );
    await expectProblem(await report(visitorCookie(10), addressA, {}), 422, 'validation-failed');

    const first = await report(visitorCookie(10), addressA);
    expect(first.status).toBe(202);
    expect(await first.json()).toEqual({ id, hidden: false });
    expect((await report(visitorCookie(10), addressA, { reason: 'offensive' })).status).toBe(202); // same address: still one report
    expect((await report(visitorCookie(13), addressA)).status).toBe(202); // another cookie, same address: still one
    expect((await call(`/v1/gallery/${id}`)).status).toBe(200);

    const second = await report(visitorCookie(11), addressB, { reason: 'privacy' });
    expect(await second.json()).toEqual({ id, hidden: true });

    const row = await realEnv.DB.prepare('SELECT state, reports FROM gallery_items WHERE id = ?1').bind(id).first();
    expect(row).toEqual({ state: 'hidden', reports: 2 });
    await expectProblem(await call(`/v1/gallery/${id}`), 404, 'gallery-item-not-found');
    await expectProblem(await call(item.image_url), 404, 'gallery-item-not-found');
    await expectProblem(await call(item.thumb_url), 404, 'gallery-item-not-found');
    await expectProblem(await post(`/v1/gallery/${id}/like`), 404, 'gallery-item-not-found');
    expect((await listAll('sort=new')).some((i) => i.id === id)).toBe(false);
    expect((await listAll('sort=top')).some((i) => i.id === id)).toBe(false);

    // A form body works too; the default threshold (wrangler.toml: 3) applies without the override.
    const other = await publish({ title: 'reported once' });
    const form = await post(`/v1/gallery/${other.id}/report`, {
      headers: { cookie: visitorCookie(12), 'content-type': 'application/x-www-form-urlencoded' },
      body: 'reason=copyright',
    });
    expect(await form.json()).toEqual({ id: other.id, hidden: false });
  });
});

describe('DELETE /v1/gallery/:id', () => {
  it('deletes with the delete token only; the item and its images are gone', async () => {
    const mine = await publish({ title: 'delete me', author: 'Owner' });
    const other = await publish({ title: 'someone else' });

    await expectProblem(await call(`/v1/gallery/${mine.id}`, { method: 'DELETE' }), 403, 'invalid-delete-token');
    await expectProblem(
      await call(`/v1/gallery/${mine.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${other.delete_token}` } }),
      403,
      'invalid-delete-token',
    );
    await expectProblem(
      await call(`/v1/gallery/${mine.id}`, { method: 'DELETE', headers: { authorization: 'Bearer x' } }),
      403,
      'invalid-delete-token',
    );
    expect((await call(`/v1/gallery/${mine.id}`)).status).toBe(200);

    const deleted = await call(`/v1/gallery/${mine.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${mine.delete_token}` } });
    expect(deleted.status).toBe(204);
    await expectProblem(await call(`/v1/gallery/${mine.id}`), 404, 'gallery-item-not-found');
    await expectProblem(await call(mine.item.image_url), 404, 'gallery-item-not-found');
    expect(await realEnv.MEDIA.head(`gallery/${mine.id}/image.jpg`)).toBeNull();
    expect(await realEnv.MEDIA.head(`gallery/${mine.id}/thumb.jpg`)).toBeNull();
    expect((await listAll('sort=new')).some((i) => i.id === mine.id)).toBe(false);
    // A tombstone remains, without the title and name.
    expect(await realEnv.DB.prepare('SELECT state, title, author FROM gallery_items WHERE id = ?1').bind(mine.id).first()).toEqual({
      state: 'deleted',
      title: '',
      author: null,
    });
    expect(await rowsTitled('delete me')).toEqual([]);

    // Deleting again with the token is fine (a retry after a lost answer); the JSON body form works.
    const again = await call(`/v1/gallery/${mine.id}`, {
      method: 'DELETE',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ delete_token: mine.delete_token }),
    });
    expect(again.status).toBe(204);
    expect((await call(`/v1/gallery/${other.id}`)).status).toBe(200);
    await expectProblem(
      await call('/v1/gallery/ffffffffffffffff', { method: 'DELETE', headers: { authorization: `Bearer ${mine.delete_token}` } }),
      404,
      'gallery-item-not-found',
    );
  });
});

describe('unknown items and methods', () => {
  it('404 gallery-item-not-found for unknown or malformed ids; 405 for wrong methods', async () => {
    for (const path of [
      '/v1/gallery/0123456789abcdef',
      '/v1/gallery/not-an-id',
      '/v1/gallery/0123456789abcdef/image',
      '/v1/gallery/..%2f..%2fetc/thumb',
    ]) {
      await expectProblem(await call(path), 404, 'gallery-item-not-found');
    }
    const wrong = await call('/v1/gallery', { method: 'PUT' });
    await expectProblem(wrong, 405, 'method-not-allowed');
    expect(wrong.headers.get('allow')).toContain('POST');
  });

  it('is described in the OpenAPI document', async () => {
    const doc = await (await call('/v1/openapi.json')).json<{ paths: Record<string, Record<string, unknown>> }>();
    expect(Object.keys(doc.paths['/v1/gallery']).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/v1/gallery/{id}']).sort()).toEqual(['delete', 'get']);
    for (const p of ['/v1/gallery/{id}/image', '/v1/gallery/{id}/thumb']) expect(doc.paths[p].get).toBeDefined();
    expect(Object.keys(doc.paths['/v1/gallery/{id}/like']).sort()).toEqual(['delete', 'post']);
    expect(doc.paths['/v1/gallery/{id}/report'].post).toBeDefined();
  });
});
