// The client's generated types (clients/js/src/openapi.d.ts) match the API as it is now: they are
// regenerated in memory from the app's OpenAPI document and compared with the committed file.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLIENT_TYPES_COMMAND, CLIENT_TYPES_FILE, clientTypes } from '../../../scripts/client-types';

/** "line N: committed `...`, generated `...`" for the first line that differs. */
function firstDifference(committed: string, generated: string): string {
  const a = committed.split('\n');
  const b = generated.split('\n');
  const line = a.findIndex((text, i) => text !== b[i]);
  const at = line === -1 ? a.length : line;
  return `line ${at + 1}: committed ${JSON.stringify(a[at] ?? '<end>')}, generated ${JSON.stringify(b[at] ?? '<end>')}`;
}

describe('clients/js/src/openapi.d.ts', () => {
  it('is what the OpenAPI document generates', async () => {
    const generated = await clientTypes();
    const committed = readFileSync(CLIENT_TYPES_FILE, 'utf8');
    if (committed !== generated) {
      expect.fail(
        `clients/js/src/openapi.d.ts is out of date with the API's OpenAPI document; run \`${CLIENT_TYPES_COMMAND}\` and commit it ` +
          `(${firstDifference(committed, generated)})`,
      );
    }
  });
});
