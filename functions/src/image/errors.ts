// One way to build the errors this module throws, so every one names the request field it is
// about (when known) and unsupported-image lists what would have been accepted.
import { DomainError, type DomainErrorCode } from '../errors';
import { SUPPORTED_FORMATS } from './types';

/** Where the bytes came from, for error messages: the request field name, when there is one. */
export interface InputContext {
  field?: string;
}

export const SUPPORTED_MEDIA_TYPES = SUPPORTED_FORMATS.map((f) => `image/${f}`);

export function imageError(
  kind: DomainErrorCode,
  detail: string,
  context: InputContext = {},
  extensions: Record<string, unknown> = {},
): DomainError {
  // Details are written as clauses ("the PNG is truncated"); they read as "Field 'x': the PNG..."
  // or, without a field, as a sentence.
  const sentence = context.field ? `Field '${context.field}': ${detail}` : detail.charAt(0).toUpperCase() + detail.slice(1);
  const field = context.field ? { field: context.field } : {};
  const supported = kind === 'unsupported-image' ? { supported: SUPPORTED_MEDIA_TYPES } : {};
  return new DomainError(kind, sentence, { ...field, ...extensions, ...supported });
}
