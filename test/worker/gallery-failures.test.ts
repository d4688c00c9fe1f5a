// The gallery's write ordering under injected failures, through the real Worker (fetch and
// scheduled handlers) inside workerd. The bindings are the real local D1 and R2, wrapped so one
// operation fails, hangs (a request cut midway) or "fails" after committing. Whatever happens, no
// listed item is ever without its image, and the scheduled cleanup removes what is left over.
// Also: per-client rate limits on publish, like and report.
import { describe, expect, it } from 'vitest';
import type { Bindings } from '../../functions/src/config';
import {
  call,
  envWith,
  expectProblem,
  listAll,
  mediaKeys,
  newClient,
  publish,
  publishForm,
  realEnv,
  rowsTitled,
  runScheduled,
  start,
} from './gallery-helpers';

type Fault = 'throw' | 'hang';

/** An R2 bucket that fails on the puts `put` picks and, if asked, on every delete. */
function faultyBucket(faults: { put?: (key: string) => Fault | undefined; delete?: boolean; onHang?: () => void }): R2Bucket {
  const bucket = realEnv.MEDIA as unknown as R2Bucket;
  return new Proxy(bucket, {
    get(target, prop) {
      if (prop === 'put') {
        return async (key: string, ...rest: unknown[]) => {
          const fault = faults.put?.(key);
          if (fault === 'throw') throw new Error(`injected: R2 put of ${key} failed`);
          if (fault === 'hang') {
            faults.onHang?.();
            return new Promise(() => {}); // the request is cut here: nothing after this runs
          }
          return (target.put as (...a: unknown[]) => unknown)(key, ...rest);
        };
      }
      if (prop === 'delete' && faults.delete) return async () => Promise.reject(new Error('injected: R2 delete failed'));
      const value = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** A D1 database whose statements matching `pattern` throw, hang, or commit and then throw. */
function faultyDb(pattern: RegExp, fault: 'throw' | 'hang' | 'commit-then-throw', onHang?: () => void): D1Database {
  const db = realEnv.DB as unknown as D1Database;
  const wrap = (statement: D1PreparedStatement): D1PreparedStatement =>
    new Proxy(statement, {
      get(target, prop) {
        if (prop === 'bind') return (...args: unknown[]) => wrap(target.bind(...args));
        if (prop === 'run' || prop === 'first' || prop === 'all' || prop === 'raw') {
          return async () => {
            if (fault === 'hang') {
              onHang?.();
              return new Promise(() => {});
            }
            if (fault === 'commit-then-throw') await target.run();
            throw new Error('injected: D1 statement failed');
          };
        }
        const value = Reflect.get(target, prop);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'prepare') return (sql: string) => (pattern.test(sql) ? wrap(target.prepare(sql)) : target.prepare(sql));
      const value = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

const INSERT = /INSERT INTO gallery_items/;
const HOUR = 3600_000;

const publishWith = (bindings: Bindings, title: string) =>
  call('/v1/gallery', { method: 'POST', body: publishForm({ title }), headers: { 'cf-connecting-ip': newClient() } }, bindings);

async function listedTitled(title: string) {
  return (await listAll('sort=new')).filter((i) => i.title === title);
}

const newKeys = (before: string[], after: string[]) => after.filter((k) => !before.includes(k));

describe('publish under failures', () => {
  it('R2 put of the image fails: 503, no row, nothing listed, no object left', async () => {
    const before = await mediaKeys();
    const response = await publishWith(
      envWith({ MEDIA: faultyBucket({ put: (k) => (k.endsWith('/image.jpg') ? 'throw' : undefined) }) }),
      'r2 image put fails',
    );
    await expectProblem(response, 503, 'storage-unavailable');
    expect(await rowsTitled('r2 image put fails')).toEqual([]);
    expect(await listedTitled('r2 image put fails')).toEqual([]);
    expect(await mediaKeys()).toEqual(before);
  });

  it('R2 put of the thumbnail fails: the image already written is removed, no row', async () => {
    const before = await mediaKeys();
    const response = await publishWith(
      envWith({ MEDIA: faultyBucket({ put: (k) => (k.endsWith('/thumb.jpg') ? 'throw' : undefined) }) }),
      'r2 thumb put fails',
    );
    await expectProblem(response, 503, 'storage-unavailable');
    expect(await rowsTitled('r2 thumb put fails')).toEqual([]);
    expect(await mediaKeys()).toEqual(before);
  });

  it('D1 insert fails: the objects are removed at once when R2 allows it', async () => {
    const before = await mediaKeys();
    const response = await publishWith(envWith({ DB: faultyDb(INSERT, 'throw') }), 'd1 insert fails');
    await expectProblem(response, 503, 'storage-unavailable');
    expect(await rowsTitled('d1 insert fails')).toEqual([]);
    expect(await mediaKeys()).toEqual(before);
  });

  it('D1 insert fails and removing the objects fails too: nothing listed; the scheduled cleanup removes them after the grace period', async () => {
    const before = await mediaKeys();
    const bindings = envWith({ DB: faultyDb(INSERT, 'throw'), MEDIA: faultyBucket({ delete: true }) });
    await expectProblem(await publishWith(bindings, 'd1 and r2 delete fail'), 503, 'storage-unavailable');
    expect(await rowsTitled('d1 and r2 delete fail')).toEqual([]);
    expect(await listedTitled('d1 and r2 delete fail')).toEqual([]);
    const left = newKeys(before, await mediaKeys());
    expect(left).toHaveLength(2);
    expect(left.every((k) => /^gallery\/[0-9a-f]{16}\/(image|thumb)\.jpg$/.test(k))).toBe(true);

    // Within the grace period the objects could belong to a publish still in flight: kept.
    await runScheduled(Date.now());
    expect(newKeys(before, await mediaKeys())).toEqual(left);
    // The cron an hour later removes them, and only them.
    const visible = await publish({ title: 'survives cleanup' });
    await runScheduled(Date.now() + 2 * HOUR);
    expect(await mediaKeys()).toEqual([...before, `gallery/${visible.id}/image.jpg`, `gallery/${visible.id}/thumb.jpg`].sort());
    expect((await call(visible.item.image_url)).status).toBe(200);
    expect((await call(visible.item.thumb_url)).status).toBe(200);
  });

  it('D1 insert commits but reports an error: the objects are kept and the publish succeeds', async () => {
    const response = await publishWith(envWith({ DB: faultyDb(INSERT, 'commit-then-throw') }), 'committed despite error');
    expect(response.status).toBe(201);
    const { id, item } = await response.json<{ id: string; item: { image_url: string } }>();
    expect(await rowsTitled('committed despite error')).toEqual([{ id, state: 'visible' }]);
    expect((await call(item.image_url)).status).toBe(200);
    await runScheduled(Date.now() + 2 * HOUR);
    expect((await call(item.image_url)).status).toBe(200);
  });

  for (const [where, cut] of [
    ['after the image put', () => ({ MEDIA: 'thumb' as const })],
    ['after both puts, before the D1 insert', () => ({ DB: true as const })],
  ] as const) {
    it(`request cut ${where}: nothing listed; the scheduled cleanup removes the objects`, async () => {
      const title = `cut ${where}`;
      const before = await mediaKeys();
      let reached!: () => void;
      const hung = new Promise<void>((resolve) => (reached = resolve));
      const mode = cut();
      const bindings = envWith(
        'MEDIA' in mode
          ? { MEDIA: faultyBucket({ put: (k) => (k.endsWith('/thumb.jpg') ? 'hang' : undefined), onHang: reached }) }
          : { DB: faultyDb(INSERT, 'hang', reached) },
      );
      const request = start(
        '/v1/gallery',
        { method: 'POST', body: publishForm({ title }), headers: { 'cf-connecting-ip': newClient() } },
        bindings,
      );
      void request.catch(() => {});
      await hung; // the request stops here for good, as if the client or the runtime cut it

      expect(await rowsTitled(title)).toEqual([]);
      expect(await listedTitled(title)).toEqual([]);
      const left = newKeys(before, await mediaKeys());
      expect(left).toHaveLength('MEDIA' in mode ? 1 : 2);

      await runScheduled(Date.now() + 2 * HOUR);
      expect(newKeys(before, await mediaKeys())).toEqual([]);
    });
  }
});

describe('delete under failures', () => {
  it('R2 delete fails: the item is gone at once; the scheduled cleanup removes its objects', async () => {
    const item = await publish({ title: 'delete with r2 down' });
    const response = await call(
      `/v1/gallery/${item.id}`,
      { method: 'DELETE', headers: { authorization: `Bearer ${item.delete_token}` } },
      envWith({ MEDIA: faultyBucket({ delete: true }) }),
    );
    expect(response.status).toBe(204);
    await expectProblem(await call(`/v1/gallery/${item.id}`), 404, 'gallery-item-not-found');
    await expectProblem(await call(item.item.image_url), 404, 'gallery-item-not-found');
    expect(await realEnv.MEDIA.head(`gallery/${item.id}/image.jpg`)).not.toBeNull();
    // Objects of deleted items need no grace period.
    await runScheduled(Date.now());
    expect(await realEnv.MEDIA.head(`gallery/${item.id}/image.jpg`)).toBeNull();
    expect(await realEnv.MEDIA.head(`gallery/${item.id}/thumb.jpg`)).toBeNull();
  });

  it('D1 unavailable: 503 problem+json and nothing changes', async () => {
    const item = await publish({ title: 'delete with d1 down' });
    const response = await call(
      `/v1/gallery/${item.id}`,
      { method: 'DELETE', headers: { authorization: `Bearer ${item.delete_token}` } },
      envWith({ DB: faultyDb(/gallery_items/, 'throw') }),
    );
    await expectProblem(response, 503, 'storage-unavailable');
    expect((await call(item.item.image_url)).status).toBe(200);
    await expectProblem(
      await call('/v1/gallery?sort=new', {}, envWith({ DB: faultyDb(/gallery_items/, 'throw') })),
      503,
      'storage-unavailable',
    );
  });
});

describe('rate limits', () => {
  it('publish: 429 with Retry-After after the limit, per client', async () => {
    const bindings = envWith({ RATE_LIMIT_GALLERY_PUBLISH: '2/600' });
    const client = newClient();
    const send = (ip: string) =>
      call('/v1/gallery', { method: 'POST', body: publishForm({ title: 'rate limited' }), headers: { 'cf-connecting-ip': ip } }, bindings);
    expect((await send(client)).status).toBe(201);
    expect((await send(client)).status).toBe(201);
    const limited = await send(client);
    const body = await expectProblem(limited, 429, 'rate-limited');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
    expect(body).toMatchObject({ limit: 2, period_seconds: 600 });
    expect((await send(newClient())).status).toBe(201); // another client is not affected
  });

  it('like and report: 429 with Retry-After after the limit', async () => {
    const { id } = await publish({ title: 'rate limited likes' });
    const bindings = envWith({ RATE_LIMIT_GALLERY_LIKE: '3/60', RATE_LIMIT_GALLERY_REPORT: '1/600' });
    const client = newClient();
    for (let i = 0; i < 3; i++) {
      expect((await call(`/v1/gallery/${id}/like`, { method: 'POST', headers: { 'cf-connecting-ip': client } }, bindings)).status).toBe(
        200,
      );
    }
    const like = await call(`/v1/gallery/${id}/like`, { method: 'POST', headers: { 'cf-connecting-ip': client } }, bindings);
    await expectProblem(like, 429, 'rate-limited');
    expect(Number(like.headers.get('retry-after'))).toBeGreaterThan(0);

    const report = () =>
      call(
        `/v1/gallery/${id}/report`,
        { method: 'POST', headers: { 'cf-connecting-ip': client, 'content-type': 'application/json' }, body: '{"reason":"spam"}' },
        bindings,
      );
    expect((await report()).status).toBe(202);
    const limited = await report();
    await expectProblem(limited, 429, 'rate-limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
