// Public surface of the image input module, safe for both workerd and Node. Codec set-up is
// separate: worker-codecs.ts (Worker) or node-codecs.ts (Node tools).
export type { DecodedImage, ImageFormat, ImageHeader, Orientation, RgbImage } from './types';
export { SUPPORTED_FORMATS } from './types';
export { decodeImage, type DecodeImageOptions } from './decode';
export { DEFAULT_IMAGE_LIMITS, assertBodySize, estimateDecodeBytes, resolveLimits, type ImageLimits } from './limits';
export { SUPPORTED_MEDIA_TYPES } from './errors';
export { Base64Error, decodeBase64, parseDataUrl } from './base64';
export { readImageHeader, sniffFormat } from './sniff';
export { applyOrientation, readExifOrientation } from './orientation';
export { fitWithin, resizeRgb } from './resize';
export { encodeImage, OUTPUT_MEDIA_TYPES, type EncodeOptions, type OutputFormat } from './encode';
export { initImageCodecs, imageCodecsReady, IMAGE_CODEC_WASM_FILES, type ImageCodecWasm } from './codecs/registry';
