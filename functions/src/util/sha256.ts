// SHA-256 as lowercase hex, with Web Crypto only, so the same code runs in the Worker and in the
// Node tools. Used wherever a secret or an identifier is stored only as its hash (API keys, delete
// tokens, visitor ids, rate-limit keys) and for content ETags.
export async function sha256Hex(data: Uint8Array | string): Promise<string> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
