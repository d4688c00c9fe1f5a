// Domain errors: what went wrong, in the product's terms, with no HTTP in sight. Everything below
// the routes (image decoding, pipeline stages, the runtime, storage, feature services) throws these;
// http/problem.ts maps each code to a status and title, in one place, and the app's error handler
// turns them into application/problem+json. A code added here without a mapping there does not
// type-check.

export const DOMAIN_ERROR_CODES = [
  // The request as a whole.
  'bad-request',
  'validation-failed',
  'payload-too-large',
  // Images.
  'missing-image',
  'image-too-large',
  'unsupported-image',
  'invalid-image',
  // Faces.
  'no-face',
  'face-not-found',
  'multiple-faces',
  'poor-quality',
  // Face collections (one-shot recognition).
  'collection-not-found',
  'subject-not-found',
  'enrolled-face-not-found',
  'model-mismatch',
  'no-enrolled-face',
  'conflict',
  // Styles.
  'style-not-found',
  // The community gallery.
  'gallery-item-not-found',
  'invalid-delete-token',
  'like-limit-reached',
  // The deployment.
  'model-unavailable',
  'storage-unavailable',
] as const;

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

/**
 * Thrown anywhere below the HTTP layer. `detail` says what went wrong this time, in a sentence a
 * client can show; `extensions` are machine-readable facts (the field, the limit, the faces found).
 */
export class DomainError extends Error {
  readonly kind: DomainErrorCode;
  readonly extensions: Record<string, unknown>;

  constructor(kind: DomainErrorCode, detail: string, extensions: Record<string, unknown> = {}) {
    super(detail);
    this.name = 'DomainError';
    this.kind = kind;
    this.extensions = extensions;
  }
}

/** A validation failure of one named field, in the shape http/errors.ts gives zod failures. */
export function invalidField(field: string, message: string): DomainError {
  return new DomainError('validation-failed', `${field}: ${message}`, { field, errors: [{ field, message }] });
}
