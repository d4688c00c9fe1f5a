// Ids of the rows the Worker creates (tenants, API keys, collections, subjects, enrolled faces): a
// type prefix, then the creation time and randomness, so they sort by creation and do not collide.

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * A new id with a type prefix: 12 hex digits of milliseconds since the epoch, then 16 random hex
 * digits, so ids sort by creation time (subjects are listed and paginated in id order) and do not
 * collide.
 */
export function newId(prefix: string, nowMs = Date.now()): string {
  return `${prefix}_${Math.floor(nowMs).toString(16).padStart(12, '0')}${hex(crypto.getRandomValues(new Uint8Array(8)))}`;
}

const ID_PATTERN = /^[a-z]{1,3}_[0-9a-f]{28}$/;
/** Whether a path parameter can be an id at all (anything else is a 404 without a query). */
export const isId = (value: string, prefix: string) => ID_PATTERN.test(value) && value.startsWith(`${prefix}_`);
