// The verification head the product serves: models/faces/verification-head.json, fitted by
// `npm run faces:fit-head` on LFW View 1 pairsDevTrain and bundled into the Worker (a JSON import),
// checked once at start-up against the encoder it was fitted for.
import headFile from '../../../../models/faces/verification-head.json';
import { parseVerificationHead, type VerificationHead } from './compare';
import { EMBEDDING_SIZE, ENCODER_INFO, type EmbedOptions } from './embed';

export const VERIFICATION_HEAD: VerificationHead = parseVerificationHead(headFile, EMBEDDING_SIZE);

if (VERIFICATION_HEAD.model !== ENCODER_INFO.id || VERIFICATION_HEAD.model_version !== ENCODER_INFO.version) {
  throw new Error(
    `verification head was fitted for ${VERIFICATION_HEAD.model} v${VERIFICATION_HEAD.model_version}, ` +
      `but the served encoder is ${ENCODER_INFO.id} v${ENCODER_INFO.version}: run npm run faces:fit-head`,
  );
}

/** Embed exactly as the head was fitted (with or without the mirrored-chip average), so served
 * embeddings, distances and probabilities mean what the fit measured. */
export const SERVED_EMBED_OPTIONS: Partial<EmbedOptions> = { flip: VERIFICATION_HEAD.flip === true };
