// The bad-upload catalogue, shared by the Node unit tests of the image module and the workerd tests
// of the real routes, so both check the same cases: [fixture, declared type, status, problem kind].
export const BAD_UPLOADS: [string, string, number, string][] = [
  ['truncated.jpg', 'image/jpeg', 422, 'invalid-image'], // cut inside the scan data, no EOI
  ['truncated-header.jpg', 'image/jpeg', 422, 'invalid-image'], // cut inside the headers
  ['cut-scan-with-eoi.jpg', 'image/jpeg', 422, 'invalid-image'], // cut, EOI appended: libjpeg's warning
  ['truncated.png', 'image/png', 422, 'invalid-image'],
  ['truncated.webp', 'image/webp', 422, 'invalid-image'],
  ['zero-bytes.jpg', 'image/jpeg', 400, 'missing-image'], // an empty file part is no image at all
  ['text-posing-as.png', 'image/png', 415, 'unsupported-image'], // magic bytes win over the declared type
  ['huge-dimensions.png', 'image/png', 413, 'image-too-large'], // 100000x100000 declared in IHDR
  ['huge-dimensions.jpg', 'image/jpeg', 413, 'image-too-large'], // 60000x60000 declared in SOF
  ['12-bit.jpg', 'image/jpeg', 415, 'unsupported-image'],
  ['animated.png', 'image/png', 415, 'unsupported-image'],
  ['animated.webp', 'image/webp', 415, 'unsupported-image'],
  ['animated.gif', 'image/gif', 415, 'unsupported-image'],
  ['still.gif', 'image/gif', 415, 'unsupported-image'],
  ['image.bmp', 'image/bmp', 415, 'unsupported-image'],
  ['header-only.heic', 'image/heic', 415, 'unsupported-image'],
];

/** Legitimate but unusual images: decoded, not refused. */
export const UNUSUAL_BUT_VALID: [string, string][] = [
  ['cmyk.jpg', 'image/jpeg'],
  ['progressive.jpg', 'image/jpeg'],
  ['grey.jpg', 'image/jpeg'],
  ['grey-16.png', 'image/png'],
  ['rgba-16.png', 'image/png'],
  ['palette-trns.png', 'image/png'],
  ['grey-alpha.png', 'image/png'],
  ['orientation-7.jpg', 'image/jpeg'],
  ['lossy.webp', 'image/webp'],
  ['lossless.webp', 'image/webp'],
];
