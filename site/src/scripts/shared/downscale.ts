// Client-side photo preparation: decode the chosen file upright (EXIF orientation applied), scale it
// to at most MAX_SIDE px on its longest side and re-encode it as JPEG. The server refuses images that
// would need more than 64 MiB to decode (about 6 MP) and bodies over 10 MB, and no model needs more
// than about 1024 px, so this keeps every upload small. Re-encoding also drops EXIF metadata
// (GPS position, camera serial) before anything leaves the device.
//
// The face boxes the API returns are in pixels of the image it received, i.e. of `PreparedImage.blob`
// at `width` x `height`; previews of the result must use that blob, not the original file.

export const MAX_SIDE = 2048;
export const JPEG_QUALITY = 0.9;

export interface PreparedImage {
  blob: Blob;
  /** Size of `blob` in pixels (upright). */
  width: number;
  height: number;
  /** Upright size of the original file. */
  sourceWidth: number;
  sourceHeight: number;
  /** True when the photo was scaled down. */
  scaled: boolean;
}

/** The browser could not read the file as an image (damaged, not an image, or a format it cannot decode, like HEIC outside Safari). */
export class UnreadableImageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UnreadableImageError';
  }
}

/** Target size for a source of w x h: longest side at most maxSide, aspect ratio kept, at least 1 px. */
export function fitWithin(w: number, h: number, maxSide = MAX_SIDE): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(w, h));
  return { width: Math.max(1, Math.round(w * scale)), height: Math.max(1, Math.round(h * scale)) };
}

type Drawable = ImageBitmap | HTMLImageElement;

interface Decoded {
  source: Drawable;
  width: number;
  height: number;
  close(): void;
}

/** Decode upright: createImageBitmap with imageOrientation 'from-image', else an <img> (which honours EXIF by default). */
async function decode(file: Blob): Promise<Decoded> {
  if (typeof createImageBitmap === 'function') {
    try {
      const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
      return { source: bitmap, width: bitmap.width, height: bitmap.height, close: () => bitmap.close() };
    } catch {
      // Some browsers reject the options bag or the format here but can still show it in an <img>.
    }
  }
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    img.decoding = 'async';
    img.src = url;
    await img.decode();
    if (!img.naturalWidth || !img.naturalHeight) throw new Error('empty image');
    return { source: img, width: img.naturalWidth, height: img.naturalHeight, close: () => URL.revokeObjectURL(url) };
  } catch (e) {
    URL.revokeObjectURL(url);
    throw new UnreadableImageError('The browser could not decode this file as an image.', { cause: e });
  }
}

function canvasOf(width: number, height: number): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  return canvas;
}

function context2d(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const ctx = canvas.getContext('2d', { alpha: false });
  if (!ctx) throw new UnreadableImageError('This browser cannot draw images (no 2D canvas).');
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  return ctx;
}

function toJpeg(canvas: HTMLCanvasElement, quality: number): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new UnreadableImageError('The photo could not be re-encoded.'))), 'image/jpeg', quality),
  );
}

/**
 * Decode `file` upright, scale it to at most `maxSide` px on its longest side and encode it as JPEG.
 * Large reductions are done in halving steps, which keeps fine detail (a single bilinear step from
 * 4000 px to 2048 px aliases). Transparent areas become white, as on the server.
 */
export async function prepareImage(file: Blob, maxSide = MAX_SIDE, quality = JPEG_QUALITY): Promise<PreparedImage> {
  if (file.size === 0) throw new UnreadableImageError('The file is empty.');
  const decoded = await decode(file);
  try {
    const { width: sw, height: sh } = decoded;
    const target = fitWithin(sw, sh, maxSide);

    let source: CanvasImageSource = decoded.source;
    let w = sw;
    let h = sh;
    // Halve while more than twice the target: each step is a good 2x box-like filter.
    while (w / 2 >= target.width * 1.0001 && h / 2 >= target.height * 1.0001 && w > 2 && h > 2) {
      const nw = Math.round(w / 2);
      const nh = Math.round(h / 2);
      const step = canvasOf(nw, nh);
      const ctx = context2d(step);
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, nw, nh);
      ctx.drawImage(source, 0, 0, w, h, 0, 0, nw, nh);
      source = step;
      w = nw;
      h = nh;
    }
    const out = canvasOf(target.width, target.height);
    const ctx = context2d(out);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, target.width, target.height);
    ctx.drawImage(source, 0, 0, w, h, 0, 0, target.width, target.height);
    const blob = await toJpeg(out, quality);
    return {
      blob,
      width: target.width,
      height: target.height,
      sourceWidth: sw,
      sourceHeight: sh,
      scaled: target.width !== sw || target.height !== sh,
    };
  } finally {
    decoded.close();
  }
}
