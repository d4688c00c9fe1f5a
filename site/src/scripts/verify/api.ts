// Typed client for POST /v1/verify, and RFC 9457 problem parsing. XMLHttpRequest rather than fetch,
// because only XHR reports upload progress.

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface FaceQuality {
  /** Machine-readable codes, e.g. face_too_small, blurry, extreme_pose. */
  issues: string[];
  [measure: string]: unknown;
}

export interface Face {
  /** In pixels of the uploaded image (after EXIF orientation). */
  box: Box;
  score: number;
  /** {right_eye: {x, y}, left_eye, nose, mouth, right_ear, left_ear}, same pixels as the box. */
  landmarks?: unknown;
  quality?: FaceQuality;
  /** Which detected face was used: 0-based, largest first. */
  index?: number;
  /** How many faces the photo has. */
  faces_found?: number;
}

/** A warning: {field, code, detail} (e.g. code multiple_faces, or a quality issue of the face used). */
export interface VerifyWarning {
  field?: string;
  code?: string;
  detail?: string;
}

export type Photo = 'a' | 'b';

export interface VerifyResult {
  match: boolean;
  distance: number;
  threshold: number;
  /** Calibrated probability that both photos show the same person, 0..1. */
  probability: number;
  faces: Record<Photo, Face>;
  /** The encoder behind the embeddings: a name, or {id, version}. */
  model: string | { id: string; version?: string };
  /** Objects from the API; plain strings are accepted too. */
  warnings?: (VerifyWarning | string)[];
  /** Other faces detected in each photo (not compared), when the API reports them. */
  others?: Partial<Record<Photo, Box[]>>;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  field?: string;
  [extension: string]: unknown;
}

/** The last segment of a problem `type` URI: "no-face", "invalid-image"... */
export function problemKind(type: string | undefined): string {
  if (!type) return 'about:blank';
  return type.replace(/[?#].*$/, '').replace(/\/+$/, '').split('/').pop() || type;
}

/** An API error (problem+json), a network failure (status 0) or an unexpected answer. */
export class ApiProblem extends Error {
  readonly kind: string;
  readonly status: number;
  readonly field?: string;
  readonly problem: ProblemDetails;

  constructor(problem: ProblemDetails) {
    super(problem.detail || problem.title);
    this.name = 'ApiProblem';
    this.problem = problem;
    this.kind = problemKind(problem.type);
    this.status = problem.status;
    this.field = typeof problem.field === 'string' ? problem.field : undefined;
  }

  /** Which photo the problem is about, when the API says: field "a"/"b", or "a_face", "b_box", "faces.a". */
  get photo(): Photo | undefined {
    return photoOfField(this.field);
  }
}

/** "a" -> a; "b_face", "a_box", "a.data", "faces.b" -> the photo; anything else -> undefined. */
export function photoOfField(field: string | undefined): Photo | undefined {
  if (!field) return undefined;
  for (const part of field.toLowerCase().split(/[.[\]/]/)) {
    const m = /^([ab])(?:_[a-z]+)?$/.exec(part);
    if (m) return m[1] as Photo;
  }
  return undefined;
}

export const NETWORK_PROBLEM = 'network';
export const UNEXPECTED_PROBLEM = 'unexpected-response';

/** Parse an error response: problem+json (or any JSON with a `type`), else a synthetic problem from the status. */
export function parseProblem(status: number, contentType: string, body: string): ProblemDetails {
  if (/json/i.test(contentType)) {
    try {
      const json = JSON.parse(body) as Partial<ProblemDetails>;
      if (json && typeof json === 'object') {
        return {
          ...json,
          type: typeof json.type === 'string' ? json.type : 'about:blank',
          title: typeof json.title === 'string' ? json.title : `HTTP ${status}`,
          status: typeof json.status === 'number' ? json.status : status,
          detail: typeof json.detail === 'string' ? json.detail : undefined,
        };
      }
    } catch {
      /* fall through */
    }
  }
  return { type: 'about:blank', title: `HTTP ${status}`, status };
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isBox = (v: unknown): v is Box => {
  const b = v as Box;
  return !!b && isNum(b.x) && isNum(b.y) && isNum(b.width) && isNum(b.height);
};

/** Check the shape of a 200 answer well enough to render it; throws an ApiProblem otherwise. */
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
  if (!ok) throw new ApiProblem({ type: UNEXPECTED_PROBLEM, title: 'Unexpected response', status: 200, detail: 'The server answered in an unexpected format.' });
  return r;
}

export interface VerifyOptions {
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
    xhr.onerror = () =>
      reject(new ApiProblem({ type: NETWORK_PROBLEM, title: 'Network error', status: 0, detail: 'The server could not be reached.' }));
    xhr.ontimeout = xhr.onerror;
    xhr.onabort = () => reject(new DOMException('The request was cancelled.', 'AbortError'));
    xhr.onload = () => {
      const contentType = xhr.getResponseHeader('content-type') ?? '';
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(parseVerifyResult(JSON.parse(xhr.responseText)));
        } catch (e) {
          reject(e instanceof ApiProblem ? e : new ApiProblem({ type: UNEXPECTED_PROBLEM, title: 'Unexpected response', status: xhr.status }));
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
