// Typed client for POST /v1/verify. XMLHttpRequest rather than fetch, because only XHR reports upload
// progress. Errors are RFC 9457 problems, surfaced as ApiProblem (../shared/problem.ts).
import type {
  BoxJson,
  DetectionJson,
  FaceWarningCode,
  VerificationJson,
  VerifiedFaceJson,
  VerifyImageField,
  VerifyWarningJson,
} from '../../../../functions/src/features/faces/schema';
import { ApiProblem, networkProblem, parseProblem, UNEXPECTED_PROBLEM } from '../shared/problem';

/** Answer shapes, derived from the API's own schemas (functions/src/features/faces/schema.ts). */
export type VerifyResult = VerificationJson;
/** A face used for the verdict, in pixels of the uploaded image (after EXIF orientation). */
export type Face = VerifiedFaceJson;
export type Box = BoxJson;
export type VerifyWarning = VerifyWarningJson;
export type WarningCode = FaceWarningCode;
/** A quality issue of a face (face_too_small, blurry...). */
export type QualityIssue = Face['quality']['issues'][number];
/** The request field of a photo, and the key of its face in the answer. */
export type Photo = VerifyImageField;

/** Which photo a problem's field is about: "a"; "b_face", "a_box", "faces.b"; anything else -> undefined. */
export function photoOfField(field: string | undefined): Photo | undefined {
  if (!field) return undefined;
  for (const part of field.toLowerCase().split(/[.[\]/]/)) {
    const m = /^([ab])(?:_[a-z]+)?$/.exec(part);
    if (m) return m[1] as Photo;
  }
  return undefined;
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isBox = (v: unknown): v is Box => {
  const b = v as Box;
  return !!b && isNum(b.x) && isNum(b.y) && isNum(b.width) && isNum(b.height);
};

/** Check a 200 answer well enough to render it (not something else answering 200); throws an ApiProblem otherwise. */
export function parseVerifyResult(json: unknown): VerifyResult {
  const r = json as VerifyResult;
  const ok =
    !!r &&
    typeof r.match === 'boolean' &&
    isNum(r.distance) &&
    isNum(r.threshold) &&
    isNum(r.probability) &&
    !!r.faces &&
    isBox(r.faces.a?.box) &&
    isBox(r.faces.b?.box);
  if (!ok)
    throw new ApiProblem({
      type: UNEXPECTED_PROBLEM,
      title: 'Unexpected response',
      status: 200,
      detail: 'The server answered in an unexpected format.',
    });
  return r;
}

export interface VerifyOptions {
  /** Which face of a photo to compare (its index as /v1/faces/detect lists them); default the most prominent. */
  choices?: Partial<Record<Photo, number>>;
  /** Fraction of the request body sent so far, 0..1. */
  onUploadProgress?: (fraction: number) => void;
  /** Called once the whole body has been sent and the server is working. */
  onUploaded?: () => void;
  signal?: AbortSignal;
  endpoint?: string;
}

/** POST both photos as multipart fields `a` and `b`. Resolves with the result; rejects with ApiProblem (or an AbortError DOMException). */
export function verifyFaces(a: Blob, b: Blob, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const form = new FormData();
  form.append('a', a, 'a.jpg');
  form.append('b', b, 'b.jpg');
  for (const [photo, index] of Object.entries(opts.choices ?? {})) if (index !== undefined) form.append(`${photo}_face`, String(index));

  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', opts.endpoint ?? '/v1/verify');
    xhr.responseType = 'text';
    xhr.setRequestHeader('accept', 'application/json, application/problem+json');
    let uploaded = false;
    const markUploaded = () => {
      if (uploaded) return;
      uploaded = true;
      opts.onUploadProgress?.(1);
      opts.onUploaded?.();
    };
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) opts.onUploadProgress?.(Math.min(1, e.loaded / e.total));
    };
    xhr.upload.onload = markUploaded;
    xhr.onreadystatechange = () => {
      if (xhr.readyState >= XMLHttpRequest.HEADERS_RECEIVED) markUploaded();
    };
    xhr.onerror = () => reject(networkProblem());
    xhr.ontimeout = xhr.onerror;
    xhr.onabort = () => reject(new DOMException('The request was cancelled.', 'AbortError'));
    xhr.onload = () => {
      const contentType = xhr.getResponseHeader('content-type') ?? '';
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(parseVerifyResult(JSON.parse(xhr.responseText)));
        } catch (e) {
          reject(
            e instanceof ApiProblem ? e : new ApiProblem({ type: UNEXPECTED_PROBLEM, title: 'Unexpected response', status: xhr.status }),
          );
        }
      } else {
        reject(new ApiProblem(parseProblem(xhr.status, contentType, xhr.responseText)));
      }
    };
    if (opts.signal) {
      if (opts.signal.aborted) return reject(new DOMException('The request was cancelled.', 'AbortError'));
      opts.signal.addEventListener('abort', () => xhr.abort(), { once: true });
    }
    xhr.send(form);
  });
}

/** The faces of a photo, most prominent first, as POST /v1/faces/detect answers. */
export type Detection = DetectionJson;

/**
 * POST /v1/faces/detect: every face of a photo, in the order verify's a_face/b_face index (the page
 * sends the very bytes it verified, so the boxes are in the same pixels). Rejects with ApiProblem.
 */
export async function detectFaces(photo: Blob, opts: { signal?: AbortSignal; endpoint?: string } = {}): Promise<Detection> {
  const form = new FormData();
  form.append('image', photo, 'photo.jpg');
  let res: Response;
  try {
    res = await fetch(opts.endpoint ?? '/v1/faces/detect', {
      method: 'POST',
      body: form,
      headers: { accept: 'application/json, application/problem+json' },
      signal: opts.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw networkProblem();
  }
  const text = await res.text();
  if (!res.ok) throw new ApiProblem(parseProblem(res.status, res.headers.get('content-type') ?? '', text));
  let json: Detection | undefined;
  try {
    json = JSON.parse(text) as Detection;
  } catch {
    json = undefined;
  }
  if (!json || !Array.isArray(json.faces) || !json.faces.every((f) => isBox(f?.box)))
    throw new ApiProblem({ type: UNEXPECTED_PROBLEM, title: 'Unexpected response', status: res.status });
  return json;
}
