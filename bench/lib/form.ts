// Multipart bodies for benchmarks and the load run: strings as fields, bytes as image files (the
// Worker reads the format from the bytes, so the declared type is only a label).
export function multipart(fields: Record<string, Uint8Array | string>, type = 'image/jpeg'): FormData {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'string') body.append(name, value);
    else body.append(name, new Blob([value as Uint8Array<ArrayBuffer>], { type }), `${name}.${type.split('/')[1]}`);
  }
  return body;
}
