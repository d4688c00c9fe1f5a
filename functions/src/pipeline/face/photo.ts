// One uploaded photo -> the face a request is about, the flow that verify, enrolment, identify and
// subject verification share: decode (at most ANALYSIS_MAX_SIDE) -> detect -> choose or require one
// face -> align -> quality (-> embed). Only the chosen face's chip and the photo's scale outlive the
// call; the decoded photo is garbage as soon as the chip exists. Errors are domain errors: `no-face`,
// `face-not-found` (a choice naming no face), `multiple-faces` (exactly one was required).
import { DomainError } from '../../errors';
import { decodeImage } from '../../image';
import type { ImageLimits } from '../../image/limits';
import { swapsAxes } from '../../image/orientation';
import type { DecodedImage } from '../../image/types';
import type { InferenceRuntime } from '../../runtime/types';
import { analyseDetectedFaces, type AnalysedFace } from './index';
import { detectFaces } from './detect';
import type { EmbedOptions } from './embed';
import { ANALYSIS_MAX_SIDE } from './limits';
import { pickFace, type FaceChoice } from './select';
import type { Box } from './types';

/** Size of the uploaded photo as displayed, and the factors from analysed pixels to its pixels. */
export interface PhotoScale {
  width: number;
  height: number;
  scaleX: number;
  scaleY: number;
}

/** A photo decoded for the face pipeline. */
export interface AnalysedPhoto extends PhotoScale {
  decoded: DecodedImage;
}

export async function decodeForFaces(bytes: Uint8Array, field: string, limits: Partial<ImageLimits>): Promise<AnalysedPhoto> {
  const decoded = await decodeImage(bytes, { limits, maxSide: ANALYSIS_MAX_SIDE, field });
  const upright = swapsAxes(decoded.orientation);
  const width = upright ? decoded.sourceHeight : decoded.sourceWidth;
  const height = upright ? decoded.sourceWidth : decoded.sourceHeight;
  return { decoded, width, height, scaleX: width / decoded.image.width, scaleY: height / decoded.image.height };
}

/** A box in the uploaded photo's pixels -> the analysed image's pixels. */
export function boxFromPhoto(photo: PhotoScale, b: Box): Box {
  return { x: b.x / photo.scaleX, y: b.y / photo.scaleY, width: b.width / photo.scaleX, height: b.height / photo.scaleY };
}

export const photoScale = (p: PhotoScale): PhotoScale => ({ width: p.width, height: p.height, scaleX: p.scaleX, scaleY: p.scaleY });

/**
 * A face choice as a caller gives it: an index (most prominent first, as /v1/faces/detect lists
 * them), or a box in the uploaded photo's pixels (EXIF orientation applied), not the analysed image's.
 */
export type PhotoFaceChoice = FaceChoice;

/** `choose` for a caller's choice: its box moved into the analysed image's pixels once the scale is known. */
export const chosenInPhoto =
  (choice: PhotoFaceChoice | undefined) =>
  (photo: PhotoScale): FaceChoice | undefined =>
    !choice || 'index' in choice ? choice : { box: boxFromPhoto(photo, choice.box) };

export interface PhotoFaceOptions {
  /** The request field the photo came from, named in errors. */
  field: string;
  limits: Partial<ImageLimits>;
  /**
   * 'largest' (default): the most prominent face, or the one `choose` names;
   * 'only': the photo must show exactly one face (422 multiple-faces otherwise).
   */
  require?: 'largest' | 'only';
  /** The caller's choice, resolved against the photo's scale once it is decoded. */
  choose?: (photo: PhotoScale) => FaceChoice | undefined;
  /** The field a choice came from, named by face-not-found. */
  choiceField?: string;
  /** What the multiple-faces detail tells the caller to do (default: crop the photo to one face). */
  multipleFacesAdvice?: string;
  /** Also embed the face with these options (the served ones: SERVED_EMBED_OPTIONS). */
  embed?: Partial<EmbedOptions>;
}

export interface PhotoFace {
  photo: PhotoScale;
  face: AnalysedFace;
  /** Index of the face among the photo's faces, most prominent first. */
  index: number;
  /** How many faces the photo has. */
  found: number;
}

/** decode -> detect -> choose/require one face -> align -> quality (-> embed). */
export async function faceFromPhoto(runtime: InferenceRuntime, bytes: Uint8Array, options: PhotoFaceOptions): Promise<PhotoFace> {
  const { field } = options;
  const photo = await decodeForFaces(bytes, field, options.limits);
  const image = photo.decoded.image;
  const faces = await detectFaces(runtime, image);
  if (faces.length === 0) {
    throw new DomainError(
      'no-face',
      `No face was found in photo '${field}'. Send a photo where the face is visible, upright and at least about 50 px wide.`,
      { field },
    );
  }
  if (options.require === 'only' && faces.length > 1) {
    const boxes = faces.map((f) => ({
      x: round(f.box.x * photo.scaleX),
      y: round(f.box.y * photo.scaleY),
      width: round(f.box.width * photo.scaleX),
      height: round(f.box.height * photo.scaleY),
    }));
    throw new DomainError(
      'multiple-faces',
      `Photo '${field}' shows ${faces.length} faces; exactly one is needed, so it is clear whose face is meant. ${options.multipleFacesAdvice ?? 'Crop the photo to one face and send it again.'}`,
      {
        field,
        faces_found: faces.length,
        boxes,
      },
    );
  }
  const pick = pickFace(faces, options.choose?.(photo));
  if ('error' in pick) {
    throw new DomainError('face-not-found', `Photo '${field}': ${pick.detail}.`, {
      field: options.choiceField ?? field,
      faces_found: faces.length,
    });
  }
  const [face] = await analyseDetectedFaces(runtime, image, [faces[pick.index]], options.embed ? { embed: options.embed } : {});
  return { photo: photoScale(photo), face, index: pick.index, found: faces.length };
}

const round = (v: number) => Number(v.toFixed(2));
