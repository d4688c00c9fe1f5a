// A stylized image -> what the gallery stores: the image re-encoded by us (so nothing of the upload
// survives but its pixels: no EXIF, GPS, XMP, ICC profile or comment) and a thumbnail, each with a
// strong validator for ETag. Shared by POST /v1/gallery and `npm run gallery:seed` (Node).
//
// Only images this service could have produced are accepted, as far as the header can tell: JPEG,
// PNG or WebP (what POST /v1/stylize answers), at most MAX_MAX_SIDE (1024 px) on the longest side
// (stylize never returns more) and at least GALLERY_MIN_SIDE on each side; the byte size is bounded
// by the route (GALLERY_MAX_BYTES). All of this is checked on the header, before decoding.
import { DomainError, invalidField } from '../errors';
import { decodeImage, encodeImage, fitWithin, readImageHeader, resizeRgb, type ImageLimits } from '../image';
import { sha256Hex } from '../util/sha256';
import { MAX_MAX_SIDE } from './stylize';

/** Longest side accepted: what POST /v1/stylize can return at most. */
export const GALLERY_MAX_SIDE = MAX_MAX_SIDE;
/** Shortest side accepted; smaller pictures are not worth a gallery tile. */
export const GALLERY_MIN_SIDE = 32;
/** Largest upload accepted, in bytes: a 1024x1024 PNG of a stylized photo is 1.5-3 MB. */
export const GALLERY_MAX_BYTES = 4 * 1024 * 1024;
/** Longest side of a thumbnail. 400 px covers a grid tile on a 2x screen. */
export const THUMB_SIDE = 400;
export const IMAGE_QUALITY = 90;
export const THUMB_QUALITY = 80;

/** A JPEG ready to store, with its strong validator (storage/gallery.ts keeps these as they are). */
export interface EncodedJpeg {
  bytes: Uint8Array;
  etag: string;
  width: number;
  height: number;
}

export interface GalleryImages {
  image: EncodedJpeg;
  thumb: EncodedJpeg;
}

const etagOf = async (bytes: Uint8Array) => (await sha256Hex(bytes)).slice(0, 32);

/** Checks, decodes and re-encodes an upload. Throws the image module's errors (unsupported-image,
 * invalid-image, image-too-large) and image-too-large / validation-failed for sizes no stylized image has. */
export async function prepareGalleryImage(
  bytes: Uint8Array,
  options: { limits?: Partial<ImageLimits>; field?: string } = {},
): Promise<GalleryImages> {
  const field = options.field ?? 'image';
  const header = readImageHeader(bytes, { field });
  const longest = Math.max(header.width, header.height);
  if (longest > GALLERY_MAX_SIDE) {
    throw new DomainError(
      'image-too-large',
      `Field '${field}': the image is ${header.width}x${header.height}; gallery images are at most ${GALLERY_MAX_SIDE} px on the longest side (what POST /v1/stylize returns).`,
      { field, width: header.width, height: header.height, max_side: GALLERY_MAX_SIDE },
    );
  }
  if (Math.min(header.width, header.height) < GALLERY_MIN_SIDE) {
    throw invalidField(field, `must be at least ${GALLERY_MIN_SIDE} px on each side, got ${header.width}x${header.height}`);
  }
  const decoded = await decodeImage(bytes, { limits: options.limits, field });
  const image = decoded.image;
  const imageBytes = await encodeImage(image, 'jpeg', { quality: IMAGE_QUALITY });
  const size = fitWithin(image.width, image.height, THUMB_SIDE);
  const thumbBytes = await encodeImage(resizeRgb(image, size.width, size.height), 'jpeg', { quality: THUMB_QUALITY });
  return {
    image: { bytes: imageBytes, etag: await etagOf(imageBytes), width: image.width, height: image.height },
    thumb: { bytes: thumbBytes, etag: await etagOf(thumbBytes), width: size.width, height: size.height },
  };
}
