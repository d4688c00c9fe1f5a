// The models feature: which model files this deployment runs, for on-device mode (README, "On-device
// mode"). A browser or an app downloads them from the site and runs the same stages on its own
// device, so no photo leaves it. The listing is functions/generated/model-assets.json (written by
// scripts/prepare-worker.mjs from the files it bundles: the bytes the Worker runs, each copied to
// the site under a content-addressed name) joined with each model's manifest entry and the served
// verification head. Static: built once per isolate, no model runs.
import assets from '../../../generated/model-assets.json';
import { servedFaces } from '../../pipeline/face/served';
import { findModel } from '../../runtime/manifest';
import { sha256Hex } from '../../util/sha256';
import type { ModelAssetJson, ModelListJson } from './schema';

interface ModelAssetFile {
  id: string;
  version: string;
  task: string;
  file: string;
  path: string;
  sha256: string;
  bytes: number;
}

interface ModelAssets {
  models: ModelAssetFile[];
  head: { model: string; version: string; file: string; path: string; sha256: string; bytes: number };
}

const PLAN = assets as ModelAssets;

const stale = (what: string) => new Error(`functions/generated/model-assets.json: ${what}; run npm run worker:prepare`);

/** Only the manifest's object-valued descriptions (an absent one stays absent). */
const described = (value: unknown): Record<string, unknown> | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

function modelAsset(file: ModelAssetFile): ModelAssetJson {
  const entry = findModel(file.id);
  if (!entry || entry.version !== file.version || entry.sha256 !== file.sha256) throw stale(`${file.id} differs from models/manifest.json`);
  const accuracy = described(entry.accuracy);
  const alignment = described(entry.alignment);
  const styles = Array.isArray(entry.styles) ? (entry.styles as { id: string }[]).map((s) => s.id) : undefined;
  const served = servedFaces.made(file);
  if (served && (PLAN.head.model !== file.id || PLAN.head.version !== file.version)) throw stale(`the head is not ${file.id}'s`);
  return {
    id: file.id,
    version: file.version,
    task: file.task,
    description: String(entry.description ?? ''),
    licence: String(entry.licence ?? ''),
    source: described(entry.source) ?? {},
    sha256: file.sha256,
    bytes: file.bytes,
    url: file.path,
    format: 'onnx',
    inputs: described(entry.inputs) ?? {},
    outputs: described(entry.outputs) ?? {},
    quantization: typeof entry.quantization === 'string' ? entry.quantization : (described(entry.quantization) ?? 'none'),
    ...(accuracy ? { accuracy } : {}),
    ...(alignment ? { alignment } : {}),
    ...(styles ? { styles } : {}),
    ...(served
      ? {
          head: {
            url: PLAN.head.path,
            sha256: PLAN.head.sha256,
            bytes: PLAN.head.bytes,
            metric: servedFaces.head.metric,
            threshold: servedFaces.head.threshold,
            flip: servedFaces.embedOptions.flip === true,
            embedding_size: servedFaces.embeddingSize,
          },
        }
      : {}),
  };
}

let list: ModelListJson | undefined;
let etag: Promise<string> | undefined;

/** Every model the Worker runs, with its manifest entry and download URL; the served encoder with its head. */
export function listModels(): ModelListJson {
  list ??= { models: PLAN.models.map(modelAsset) };
  return list;
}

/** A strong validator of the listing (it changes only with a new build). */
export function modelListEtag(): Promise<string> {
  etag ??= sha256Hex(JSON.stringify(listModels())).then((hex) => `"${hex.slice(0, 32)}"`);
  return etag;
}
