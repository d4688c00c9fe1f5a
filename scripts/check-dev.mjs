// Checks a running `npm run dev` as a first visitor would see it: the site's pages, /v1/health, a
// community gallery that is not empty (the seeded example pictures), and the model files on-device
// mode downloads (GET /v1/models, each file's sha256). `.ci/run` runs it against the
// README's first command, so a broken `npm install && npm run dev` turns CI red.
// Usage: node scripts/check-dev.mjs [BASE_URL] [--wait SECONDS] [--pid PID]
//   (default http://localhost:8787, 600 s; with --pid, stops waiting as soon as that process is gone)
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args.splice(at, 2)[1]) : fallback;
};
const waitSeconds = option('--wait', 600);
const pid = option('--pid', undefined);
const alive = () => {
  if (pid === undefined) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const base = (args[0] ?? 'http://localhost:8787').replace(/\/$/, '');
const MIN_EXAMPLES = 6;

const failures = [];
const check = (ok, what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
};

async function waitForHealth() {
  const deadline = Date.now() + waitSeconds * 1000;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (!alive()) throw new Error(`the server process (${pid}) exited before ${base}/v1/health answered`);
    try {
      const response = await fetch(`${base}/v1/health`);
      if (response.ok) return response.json();
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error.cause?.code ?? error.message;
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  throw new Error(`${base}/v1/health did not answer 200 within ${waitSeconds} s (last: ${last})`);
}

let health;
try {
  health = await waitForHealth();
} catch (error) {
  console.error(`check-dev: ${error.message}`);
  process.exit(1);
}
check(health.status === 'ok', `/v1/health status "${health.status}"`);

for (const page of ['/', '/verify', '/stylize', '/gallery', '/api']) {
  const response = await fetch(base + page);
  const type = response.headers.get('content-type') ?? '';
  check(response.status === 200 && type.startsWith('text/html'), `GET ${page} -> ${response.status} ${type}`);
}

const listing = await fetch(`${base}/v1/gallery?limit=100`);
const { items = [] } = listing.ok ? await listing.json() : {};
const examples = items.filter((item) => item.example);
const styles = new Set(examples.map((item) => item.style));
check(examples.length >= MIN_EXAMPLES, `gallery lists ${examples.length} example pictures (at least ${MIN_EXAMPLES})`);
check(styles.size >= 3, `the examples are in ${styles.size} styles`);
if (examples[0]) {
  const thumb = await fetch(base + examples[0].thumb_url);
  check(thumb.status === 200 && thumb.headers.get('content-type') === 'image/jpeg', `GET ${examples[0].thumb_url} -> ${thumb.status}`);
}

const models = await fetch(`${base}/v1/models`);
const { models: listed = [] } = models.ok ? await models.json() : {};
check(
  listed.some((m) => m.task === 'face-embedding'),
  `/v1/models lists ${listed.length} models, a face encoder among them`,
);
for (const m of listed) {
  const file = await fetch(base + m.url);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const hex = Buffer.from(await crypto.subtle.digest('SHA-256', bytes)).toString('hex');
  check(
    file.status === 200 && hex === m.sha256,
    `GET ${m.url.slice(0, 40)}… -> ${file.status}, sha256 ${hex === m.sha256 ? 'as listed' : hex}`,
  );
}

if (failures.length) {
  console.error(`check-dev: ${failures.length} check(s) failed`);
  process.exit(1);
}
console.log('check-dev: the product runs as the README says');
