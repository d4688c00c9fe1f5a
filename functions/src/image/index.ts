// Public surface of the image input module, safe for both workerd and Node. Codec set-up is
// separate: worker-codecs.ts (Worker) or node-codecs.ts (Node tools).
export type { DecodedImage, ImageFormat, ImageHeader, Orientation, RgbImage } from './types';
export { SUPPORTED_FORMATS } from './types';
export { decodeImage, type DecodeImageOptions } from './decode';
export { readImageUpload, readImageUploads, readImageRequest, ACCEPTED_BODY_TYPES, type ImageRequest, type ImageUpload, type ReadImageOptions } from './input';
export { DEFAULT_IMAGE_LIMITS, estimateDecodeBytes, resolveLimits, type ImageLimits } from './limits';
export { readImageHeader, sniffFormat } from './sniff';
export { applyOrientation, readExifOrientation } from './orientation';
export { fitWithin, resizeRgb } from './resize';
export { encodeImage, OUTPUT_MEDIA_TYPES, type EncodeOptions, type OutputFormat } from './encode';
export { initImageCodecs, imageCodecsReady, IMAGE_CODEC_WASM_FILES, type ImageCodecWasm } from './codecs/registry';
