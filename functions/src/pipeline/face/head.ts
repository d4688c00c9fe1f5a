// The verification head the product serves: the JSON file the served encoder's manifest entry names
// ("head"; models/faces/verification-head.json for dlib-face-encoder), fitted by `npm run
// faces:fit-head` on LFW View 1 pairsDevTrain and bundled into the Worker through
// functions/generated/served-models.ts. Checked once at start-up against the encoder it was fitted for.
import { SERVED_FACE_HEAD } from '../../../generated/served-models';
import { findModel } from '../../runtime/manifest';
import { parseVerificationHead, type VerificationHead } from './compare';
import { EMBEDDING_SIZE, ENCODER_INFO, type EmbedOptions } from './embed';

export const VERIFICATION_HEAD: VerificationHead = parseVerificationHead(SERVED_FACE_HEAD, EMBEDDING_SIZE);

// prepare-worker refuses a mismatched head; this catches a manifest edited after it ran.
const entry = findModel(ENCODER_INFO.id);
if (!entry || entry.version !== ENCODER_INFO.version) {
  throw new Error(
    `the served encoder ${ENCODER_INFO.id} v${ENCODER_INFO.version} is not in models/manifest.json as built: run npm run worker:prepare`,
  );
}
if (VERIFICATION_HEAD.model !== ENCODER_INFO.id || VERIFICATION_HEAD.model_version !== ENCODER_INFO.version) {
  throw new Error(
    `verification head was fitted for ${VERIFICATION_HEAD.model} v${VERIFICATION_HEAD.model_version}, ` +
      `but the served encoder is ${ENCODER_INFO.id} v${ENCODER_INFO.version}: run npm run faces:fit-head -- --encoder ${ENCODER_INFO.id}`,
  );
}

/** Embed exactly as the head was fitted (with or without the mirrored-chip average), so served
 * embeddings, distances and probabilities mean what the fit measured. */
export const SERVED_EMBED_OPTIONS: Partial<EmbedOptions> = { flip: VERIFICATION_HEAD.flip === true };
