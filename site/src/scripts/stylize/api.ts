// Typed client for the style-transfer API: GET /v1/styles (the catalogue) and POST /v1/stylize (a
// photo in, the repainted image out). Errors are RFC 9457 problems, surfaced as ApiProblem.
// XMLHttpRequest rather than fetch for the upload, because only XHR reports upload progress.
import type { StyleJson, StylesJson } from '../../../../functions/src/features/style/schema';
import { ApiProblem, networkProblem, parseProblem, unexpectedAnswer } from '../shared/problem';

/**
 * A style as the page shows it: the API's Style (functions/src/features/style/schema.ts), whose
 * thumbnail is kept only when it stays on this site; the options rendered at build time may have none.
 */
export type StyleInfo = Omit<StyleJson, 'thumbnail'> & {
  /** Same-origin URL of a small preview of the painting, or undefined when none is usable. */
  thumbnail?: string;
};

/** A second painting mixed into the chosen one, and its share of the mix (0..1). */
export interface MixChoice {
  id: string;
  share: number;
}

export interface StylizeOptions {
  style: string;
  /** A second style to mix in (sent as `style=a:w,b:w`, see styleParam). */
  mix?: MixChoice;
  /** 0..1: how much of the style to apply (1 = full style). */
  strength: number;
  /** Keep the photo's own colours, taking only texture and brushwork from the painting. */
  preserveColors: boolean;
  /** Longest side of the result in px; the server's default (1024) when omitted. */
  maxSide?: number;
  /** Preferred result type; the server answers PNG unless asked for JPEG or WebP. */
  accept?: 'image/png' | 'image/jpeg' | 'image/webp';
}

export interface StylizeHandlers {
  /** Fraction of the photo sent so far, 0..1. */
  onUploadProgress?: (fraction: number) => void;
  /** The whole photo has been sent; the server is painting. */
  onUploaded?: () => void;
  /** Fraction of the result received, when the server announces its size. */
  onDownloadProgress?: (fraction: number) => void;
  signal?: AbortSignal;
  endpoint?: string;
}

export interface StylizedImage {
  blob: Blob;
  /** The result's media type, e.g. image/png. */
  type: string;
}

const abortError = () => new DOMException('The request was cancelled.', 'AbortError');

/** A thumbnail URL only if it stays on this site (the page makes no requests to other origins). */
export function sameOriginUrl(value: unknown, base: string = location.href): string | undefined {
  if (typeof value !== 'string' || !value.trim()) return undefined;
  try {
    const url = new URL(value, base);
    return url.origin === new URL(base).origin ? url.pathname + url.search : undefined;
  } catch {
    return undefined;
  }
}

/** The catalogue from GET /v1/styles (an answer without a list of styles is unexpected), thumbnails kept on this site. */
export function parseStyles(json: unknown, base?: string): StyleInfo[] {
  const list = (json as Partial<StylesJson> | null)?.styles;
  if (!Array.isArray(list)) throw unexpectedAnswer(200);
  return list.map(({ id, title, artist, year, licence, thumbnail }) => ({
    id,
    title,
    artist,
    year,
    licence,
    thumbnail: sameOriginUrl(thumbnail, base),
  }));
}

/** GET /v1/styles. Rejects with ApiProblem (status 0 for a network failure) or an AbortError. */
export async function fetchStyles(opts: { signal?: AbortSignal; endpoint?: string } = {}): Promise<StyleInfo[]> {
  let res: Response;
  try {
    res = await fetch(opts.endpoint ?? '/v1/styles', { headers: { accept: 'application/json' }, signal: opts.signal });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw networkProblem();
  }
  const body = await res.text();
  if (!res.ok) throw new ApiProblem(parseProblem(res.status, res.headers.get('content-type') ?? '', body));
  try {
    return parseStyles(JSON.parse(body));
  } catch (e) {
    throw e instanceof ApiProblem ? e : unexpectedAnswer(res.status);
  }
}

/**
 * The `style` field: the id alone, or the mix `a:w,b:w` with the weights the API normalises
 * (`the_scream:0.7,udnie:0.3`). A share of 0 or 100 % is one style (the API refuses a mix of one).
 */
export function styleParam(style: string, mix?: MixChoice): string {
  if (!mix || mix.id === style) return style;
  const percent = Math.round(Math.min(1, Math.max(0, mix.share)) * 100);
  if (percent === 0) return style;
  if (percent === 100) return mix.id;
  return `${style}:${(100 - percent) / 100},${mix.id}:${percent / 100}`;
}

/** The multipart body of POST /v1/stylize (also what the page's no-JS form sends). */
export function stylizeForm(image: Blob, opts: StylizeOptions, filename = 'photo.jpg'): FormData {
  const form = new FormData();
  form.append('image', image, filename);
  form.append('style', styleParam(opts.style, opts.mix));
  form.append('strength', String(Math.round(Math.min(1, Math.max(0, opts.strength)) * 1000) / 1000));
  form.append('preserve_colors', String(opts.preserveColors));
  if (opts.maxSide !== undefined) form.append('max_side', String(Math.round(opts.maxSide)));
  return form;
}

/**
 * POST the photo and options; resolves with the returned image. Rejects with ApiProblem (problem+json
 * answers, network failures, a 2xx that is not an image) or an AbortError DOMException.
 */
export function stylizeImage(image: Blob, opts: StylizeOptions, handlers: StylizeHandlers = {}): Promise<StylizedImage> {
  const form = stylizeForm(image, opts);
  return new Promise((resolve, reject) => {
    if (handlers.signal?.aborted) return reject(abortError());
    const xhr = new XMLHttpRequest();
    xhr.open('POST', handlers.endpoint ?? '/v1/stylize');
    xhr.responseType = 'blob';
    xhr.setRequestHeader('accept', `${opts.accept ?? 'image/png'}, application/problem+json`);

    let uploaded = false;
    const markUploaded = () => {
      if (uploaded) return;
      uploaded = true;
      handlers.onUploadProgress?.(1);
      handlers.onUploaded?.();
    };
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) handlers.onUploadProgress?.(Math.min(1, e.loaded / e.total));
    };
    xhr.upload.onload = markUploaded;
    xhr.onprogress = (e) => {
      markUploaded();
      if (xhr.status >= 200 && xhr.status < 300 && e.lengthComputable && e.total > 0)
        handlers.onDownloadProgress?.(Math.min(1, e.loaded / e.total));
    };
    xhr.onreadystatechange = () => {
      if (xhr.readyState >= XMLHttpRequest.HEADERS_RECEIVED) markUploaded();
    };
    xhr.onerror = () => reject(networkProblem());
    xhr.ontimeout = xhr.onerror;
    xhr.onabort = () => reject(abortError());
    xhr.onload = async () => {
      const contentType = (xhr.getResponseHeader('content-type') ?? '').split(';')[0].trim().toLowerCase();
      const body = xhr.response as Blob | null;
      if (xhr.status >= 200 && xhr.status < 300) {
        if (!body || body.size === 0 || !contentType.startsWith('image/'))
          return reject(unexpectedAnswer(xhr.status, 'The server did not send an image back.'));
        // Re-wrap so the blob's type is exactly the answer's media type (used for the download's extension).
        resolve({ blob: body.type === contentType ? body : new Blob([body], { type: contentType }), type: contentType });
        return;
      }
      let bodyText = '';
      try {
        bodyText = body ? await body.text() : '';
      } catch {
        /* an unreadable error body still yields a problem from the status */
      }
      reject(new ApiProblem(parseProblem(xhr.status, contentType, bodyText)));
    };
    handlers.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}
