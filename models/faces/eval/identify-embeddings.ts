// Embeddings of photo files through the enrolment/identify photo flow (pipeline/face/photo.ts:
// decode -> detect -> most prominent face -> align -> embed with the served options), on
// onnxruntime-node with the served int8 encoder, cached in .cache/ (outside git) per encoder file and
// flip setting, so re-running an analysis does not re-embed thousands of photos. Shared by
// `npm run collections:eval` and the open-set table of `npm run faces:fit-head` (fit-open-set.ts).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { initNodeImageCodecs } from '../../../functions/src/image/node-codecs';
import { SERVED_EMBED_OPTIONS } from '../../../functions/src/pipeline/face/head';
import { faceFromPhoto } from '../../../functions/src/pipeline/face/photo';
import { REPO_ROOT } from '../build/paths.ts';
import { evaluationRuntime, progressPrinter, resolveEncoder } from './embed-set.ts';

export const DEFAULT_EMBEDDINGS_CACHE = resolve(REPO_ROOT, '.cache/eval-identify-embeddings.json');

/** Embeds `files` (absolute paths) once each; null where no face is detected. Delete the cache file or change the encoder to refresh. */
export async function identifyEmbeddings(
  label: string,
  files: readonly string[],
  options: {
    cache?: string;
    threads?: number /** int8 (served, default), a manifest id, fp32 or an ONNX path */;
    encoder?: string /** default: the served head's */;
    flip?: boolean;
  } = {},
): Promise<Map<string, Float32Array | null>> {
  let cacheFile = options.cache ?? DEFAULT_EMBEDDINGS_CACHE;
  const encoder = resolveEncoder(options.encoder ?? 'int8');
  const embed = { ...SERVED_EMBED_OPTIONS, ...(options.flip === undefined ? {} : { flip: options.flip }) };
  // One cache file per encoder and flip setting (the served one keeps the historical name).
  const key = `${encoder.sha256}:flip=${embed.flip}`;
  if (options.cache === undefined && (options.encoder ?? 'int8') !== 'int8')
    cacheFile = cacheFile.replace(/\.json$/, `-${encoder.sha256.slice(0, 12)}.json`);
  if (options.cache === undefined && embed.flip !== SERVED_EMBED_OPTIONS.flip)
    cacheFile = cacheFile.replace(/\.json$/, `-flip-${embed.flip}.json`);
  let cache: { key: string; files: Record<string, number[] | null> } = { key, files: {} };
  try {
    const c = JSON.parse(readFileSync(cacheFile, 'utf8'));
    if (c.key === key) cache = c;
  } catch {
    /* no cache yet */
  }
  initNodeImageCodecs();
  let runtime: ReturnType<typeof evaluationRuntime> | undefined;
  const out = new Map<string, Float32Array | null>();
  const progress = progressPrinter(label);
  let fresh = 0;
  for (const [i, file] of files.entries()) {
    const hit = cache.files[file];
    if (hit !== undefined) {
      out.set(file, hit && Float32Array.from(hit));
      continue;
    }
    runtime ??= evaluationRuntime(encoder, options.threads ?? 1);
    try {
      const { face } = await faceFromPhoto(runtime, new Uint8Array(readFileSync(file)), { field: 'image', limits: {}, embed });
      out.set(file, face.embedding!);
    } catch (error) {
      if ((error as { kind?: string }).kind !== 'no-face') throw error;
      out.set(file, null);
    }
    cache.files[file] = out.get(file) ? Array.from(out.get(file)!) : null;
    progress(i + 1, files.length);
    // Save now and then, so an interrupted run keeps its work.
    if (++fresh % 200 === 0) save(cacheFile, cache);
  }
  if (fresh) save(cacheFile, cache);
  return out;
}

function save(file: string, cache: unknown) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify(cache));
  renameSync(`${file}.tmp`, file);
}
