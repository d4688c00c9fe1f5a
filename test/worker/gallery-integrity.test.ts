// The community gallery against one person tilting shared state (issue 13, findings 3, 4, 5 and 8),
// through the real Worker inside workerd with its real D1: reports count per client address, likes
// are capped per address, cross-site browser writes are refused, small routes cap their bodies, and
// reinstating clears the reports that hid an item.
import { describe, expect, it } from 'vitest';
import { galleryStore } from '../../functions/src/storage';
import { call, envWith, expectProblem, listAll, newClient, publish, publishForm, realEnv, STYLES, testPng } from './gallery-helpers';

const report = (id: string, headers: Record<string, string>, body = 'reason=spam', bindings = realEnv) =>
  call(
    `/v1/gallery/${id}/report`,
    { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body },
    bindings,
  );
const like = (id: string, headers: Record<string, string>) => call(`/v1/gallery/${id}/like`, { method: 'POST', headers });
const state = async (id: string) =>
  realEnv.DB.prepare('SELECT state, reports, likes FROM gallery_items WHERE id = ?1')
    .bind(id)
    .first<{ state: string; reports: number; likes: number }>();

describe('reports count once per client address', () => {
  it('ten cookie-less reports from one address do not hide an item; three addresses do', async () => {
    const { id } = await publish({ title: 'reported from one address' });
    const address = '203.0.113.7';
    for (let i = 0; i < 10; i++) expect((await report(id, { 'cf-connecting-ip': address })).status).toBe(202);
    expect(await state(id)).toMatchObject({ state: 'visible', reports: 1 });

    // An IPv6 client is its /64: other addresses in the same /64 are the same reporter.
    for (const v6 of ['2001:db8:1:2::1', '2001:DB8:1:2:ffff::9', '2001:0db8:0001:0002:aaaa:bbbb:cccc:dddd']) {
      expect((await report(id, { 'cf-connecting-ip': v6 })).status).toBe(202);
    }
    expect(await state(id)).toMatchObject({ state: 'visible', reports: 2 });

    const third = await report(id, { 'cf-connecting-ip': '198.51.100.20' });
    expect(await third.json()).toEqual({ id, hidden: true });
    expect(await state(id)).toMatchObject({ state: 'hidden', reports: 3 });

    // Only hashes of the addresses are stored.
    const { results } = await realEnv.DB.prepare('SELECT reporter FROM gallery_reports WHERE item_id = ?1')
      .bind(id)
      .all<{ reporter: string }>();
    expect(results).toHaveLength(3);
    for (const r of results) expect(r.reporter).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(results)).not.toContain('203.0.113.7');
  });

  it('reinstating clears the reports, so one more report does not hide the item again', async () => {
    const bindings = envWith({ GALLERY_REPORT_THRESHOLD: '2' });
    const { id } = await publish({ title: 'reinstated after review' });
    for (const address of ['192.0.2.1', '192.0.2.2']) await report(id, { 'cf-connecting-ip': address }, 'reason=other', bindings);
    expect(await state(id)).toMatchObject({ state: 'hidden', reports: 2 });

    const store = galleryStore(realEnv);
    expect(await store.reinstate(id)).toBe('hidden');
    expect(await state(id)).toMatchObject({ state: 'visible', reports: 0 });
    expect((await listAll('sort=new')).some((i) => i.id === id)).toBe(true);
    expect((await report(id, { 'cf-connecting-ip': '192.0.2.3' }, 'reason=other', bindings)).status).toBe(202);
    expect(await state(id)).toMatchObject({ state: 'visible', reports: 1 });

    // Only hidden items change: reinstating a visible, deleted or unknown item does nothing.
    expect(await store.reinstate(id)).toBe('visible');
    expect(await state(id)).toMatchObject({ state: 'visible', reports: 1 });
    expect(await store.reinstate('ffffffffffffffff')).toBeUndefined();
  });
});

describe('likes are capped per client address', () => {
  it('twenty cookie-less likes from one address count three; other addresses still count', async () => {
    const { id } = await publish({ title: 'liked from one address' });
    const address = '203.0.113.50';
    const answers = [];
    for (let i = 0; i < 20; i++) answers.push(await like(id, { 'cf-connecting-ip': address }));
    expect(answers.slice(0, 3).map((r) => r.status)).toEqual([200, 200, 200]);
    for (const refused of answers.slice(3)) {
      const problem = await expectProblem(refused, 409, 'like-limit-reached');
      expect(problem.likes).toBe(3);
    }
    expect(await state(id)).toMatchObject({ likes: 3 });

    // A visitor whose like counts keeps it idempotently, even once the address is at its cap.
    const cookie = answers[0].headers.get('set-cookie')!.split(';')[0];
    expect(await (await like(id, { 'cf-connecting-ip': address, cookie })).json()).toEqual({ id, likes: 3, liked: true });
    // Taking a like back frees the address's slot.
    expect((await call(`/v1/gallery/${id}/like`, { method: 'DELETE', headers: { 'cf-connecting-ip': address, cookie } })).status).toBe(200);
    expect((await like(id, { 'cf-connecting-ip': address })).status).toBe(200);
    expect(await state(id)).toMatchObject({ likes: 3 });

    expect((await like(id, { 'cf-connecting-ip': '2001:db8:9::1' })).status).toBe(200);
    expect(await state(id)).toMatchObject({ likes: 4 });
  });
});

describe('state-changing gallery routes refuse cross-site browser requests', () => {
  const evil = { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' };

  it('refuses like, report, publish and delete sent from another site, with a form body or none', async () => {
    const { id, delete_token } = await publish({ title: 'target of another site' });
    await expectProblem(await like(id, { ...evil, 'cf-connecting-ip': newClient() }), 403, 'cross-site-request');
    await expectProblem(
      await call(`/v1/gallery/${id}/like`, { method: 'DELETE', headers: { ...evil, 'cf-connecting-ip': newClient() } }),
      403,
      'cross-site-request',
    );
    await expectProblem(await report(id, { ...evil, 'cf-connecting-ip': newClient() }), 403, 'cross-site-request');
    // Either header alone is enough to tell.
    await expectProblem(await report(id, { origin: 'https://evil.example', 'cf-connecting-ip': newClient() }), 403, 'cross-site-request');
    await expectProblem(await report(id, { 'sec-fetch-site': 'cross-site', 'cf-connecting-ip': newClient() }), 403, 'cross-site-request');
    await expectProblem(await report(id, { 'sec-fetch-site': 'same-site', 'cf-connecting-ip': newClient() }), 403, 'cross-site-request');
    await expectProblem(await report(id, { origin: 'null', 'cf-connecting-ip': newClient() }), 403, 'cross-site-request');
    await expectProblem(
      await call('/v1/gallery', {
        method: 'POST',
        body: publishForm({ image: testPng(64, 64, 3), style: STYLES[0], title: 'forged' }),
        headers: { ...evil, 'cf-connecting-ip': newClient() },
      }),
      403,
      'cross-site-request',
    );
    await expectProblem(
      await call(`/v1/gallery/${id}`, { method: 'DELETE', headers: { ...evil, authorization: `Bearer ${delete_token}` } }),
      403,
      'cross-site-request',
    );
    expect(await state(id)).toMatchObject({ state: 'visible', reports: 0, likes: 0 });
  });

  it('accepts the site itself, allowed app origins, and clients that are not browsers', async () => {
    const { id } = await publish({ title: 'liked from the right places' });
    expect(
      (await like(id, { 'sec-fetch-site': 'same-origin', origin: 'http://likeness.test', 'cf-connecting-ip': newClient() })).status,
    ).toBe(200);
    expect((await like(id, { origin: 'http://likeness.test', 'cf-connecting-ip': newClient() })).status).toBe(200);
    expect(
      (await like(id, { origin: 'https://likeness.dev', 'sec-fetch-site': 'cross-site', 'cf-connecting-ip': newClient() })).status,
    ).toBe(200);
    expect((await like(id, { 'cf-connecting-ip': newClient() })).status).toBe(200); // a native app or curl
    expect(await state(id)).toMatchObject({ likes: 4 });
    // Reading stays open to everyone.
    expect((await call(`/v1/gallery/${id}`, { headers: evil })).status).toBe(200);
  });
});

describe('small routes cap their bodies', () => {
  it('report and delete refuse bodies over a few KB with 413, declared or streamed', async () => {
    const { id, delete_token } = await publish({ title: 'small bodies only' });
    const big = `reason=spam&padding=${'x'.repeat(64 * 1024)}`;
    await expectProblem(await report(id, { 'cf-connecting-ip': newClient() }, big), 413, 'payload-too-large');
    const streamed = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 32; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(1024)));
        controller.close();
      },
    });
    await expectProblem(
      await call(`/v1/gallery/${id}/report`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'cf-connecting-ip': newClient() },
        body: streamed,
        duplex: 'half',
      } as RequestInit),
      413,
      'payload-too-large',
    );
    const padded = { delete_token, padding: 'x'.repeat(64 * 1024) };
    await expectProblem(
      await call(`/v1/gallery/${id}`, { method: 'DELETE', headers: { 'content-type': 'application/json' }, body: JSON.stringify(padded) }),
      413,
      'payload-too-large',
    );
    expect(await state(id)).toMatchObject({ state: 'visible', reports: 0 });
    // A normal body still works.
    expect(
      (
        await call(`/v1/gallery/${id}`, {
          method: 'DELETE',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ delete_token }),
        })
      ).status,
    ).toBe(204);
  });
});
