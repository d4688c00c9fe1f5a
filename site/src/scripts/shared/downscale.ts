// Photo preparation shared by the pages that upload photos (verify, stylize): decode upright (EXIF
// orientation), reduce to at most 2048 px, re-encode as JPEG (which also drops EXIF/GPS).
//
// The implementation currently lives in ../verify/downscale.ts, written for the verify page while it
// is being built. This module is the stable import path for every other page: when the
// implementation moves here, only this file and the verify page's imports change.
export { JPEG_QUALITY, MAX_SIDE, UnreadableImageError, fitWithin, prepareImage, type PreparedImage } from '../verify/downscale';
