// `npm run example:verify -- A.jpg B.jpg`: are the faces in two photos the same person? The typed
// client (clients/js) against a running Likeness: LIKENESS_URL (default http://localhost:8787, what
// `npm run dev` serves) with the API key in LIKENESS_KEY (optional: verify works without one, held
// to the anonymous rate limit). Prints the JSON answer; on a failure prints the problem and exits 1.
import { readFileSync } from 'node:fs';
import { Likeness, LikenessError } from '../clients/js/src/index';

const [a, b] = process.argv.slice(2);
if (!a || !b) {
  console.error('usage: npm run example:verify -- A.jpg B.jpg   (LIKENESS_URL, LIKENESS_KEY from the environment)');
  process.exit(2);
}

const likeness = new Likeness({
  baseUrl: process.env.LIKENESS_URL || 'http://localhost:8787',
  apiKey: process.env.LIKENESS_KEY || undefined,
});

try {
  const answer = await likeness.verify({ a: readFileSync(a), b: readFileSync(b) });
  console.log(JSON.stringify(answer, null, 2));
} catch (error) {
  if (!(error instanceof LikenessError)) throw error;
  console.error(`${error.status} ${error.kind}: ${error.detail || error.title}`);
  console.error(JSON.stringify(error.problem, null, 2));
  process.exit(1);
}
