// Shared OpenAPI pieces: the problem+json schema every error response uses, and the document's
// metadata. Route files declare their own request/response schemas next to their handlers.
import { z } from '@hono/zod-openapi';
import type { OpenAPIHono } from '@hono/zod-openapi';

type OpenAPIObjectConfig = Parameters<OpenAPIHono['getOpenAPI31Document']>[0];
import { PROBLEM_BASE, PROBLEM_CONTENT_TYPE, PROBLEMS, type ProblemKind } from './problem';
import pkg from '../../../package.json';

export const VERSION: string = pkg.version;

export const ProblemSchema = z
  .object({
    type: z
      .string()
      .url()
      .openapi({ example: `${PROBLEM_BASE}unsupported-image` }),
    title: z.string().openapi({ example: 'Unsupported image format' }),
    status: z.number().int().openapi({ example: 415 }),
    detail: z.string().openapi({ example: 'The file is a GIF; send JPEG, PNG or WebP.' }),
  })
  .catchall(z.unknown())
  .openapi('Problem', { description: 'RFC 9457 problem details. `type` is stable; switch on it, not on `title` or `detail`.' });

/** OpenAPI `responses` entries for the problem kinds a route can return. */
export function problemResponses(...kinds: ProblemKind[]) {
  const byStatus = new Map<number, ProblemKind[]>();
  for (const kind of kinds) byStatus.set(PROBLEMS[kind].status, [...(byStatus.get(PROBLEMS[kind].status) ?? []), kind]);
  return Object.fromEntries(
    [...byStatus].map(([status, ks]) => [
      status,
      {
        description: ks.map((k) => `\`${k}\`: ${PROBLEMS[k].title}`).join('; '),
        content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } },
      },
    ]),
  );
}

export const documentConfig: OpenAPIObjectConfig = {
  openapi: '3.1.0',
  info: {
    title: 'Likeness API',
    version: VERSION,
    description:
      'Face verification, one-shot recognition and neural style transfer at the edge. ' +
      'Every error is application/problem+json (RFC 9457) with a stable `type` URI under ' +
      `${PROBLEM_BASE}. Privacy: photos sent for detection, embedding or verification are processed in ` +
      'memory and never stored; recognition stores enrolled faces as embeddings only (deletable), never the photo. ' +
      'On-device mode sends nothing: GET /v1/models lists the model files this API runs, so a browser (the site\'s /verify, "On this device") ' +
      'or an app runs the same pipeline where the photo is; an app may then search or enrol a collection with the embedding alone ' +
      '(POST /v1/collections/{c}/search, POST /v1/collections/{c}/subjects/{s}/embeddings), never the photo. ' +
      'Recognition routes (/v1/collections) need an API key: `Authorization: Bearer <key>`.',
  },
  servers: [{ url: '/', description: 'This deployment' }],
};

/**
 * Request body documentation for endpoints that take images. Plain JSON Schema, not zod, on purpose:
 * zod-openapi would then parse and validate the body itself, while image bodies must be read by
 * http/image-upload.ts under the body limit, streaming.
 */
export function imageRequestBody(fields: readonly string[], description: string) {
  const binary = Object.fromEntries(
    fields.map((f) => [f, { type: 'string' as const, format: 'binary', description: 'JPEG, PNG or WebP file' }]),
  );
  const encoded = Object.fromEntries(
    fields.map((f) => [f, { type: 'string' as const, description: 'The image as base64 or as a data: URL (data:image/jpeg;base64,...)' }]),
  );
  return {
    required: true,
    description,
    content: {
      'multipart/form-data': { schema: { type: 'object' as const, properties: binary, required: [...fields] } },
      'application/json': { schema: { type: 'object' as const, properties: encoded, required: [...fields] } },
    },
  };
}

/** Problem kinds any image-taking endpoint can return. */
export const IMAGE_PROBLEMS = [
  'missing-image',
  'bad-request',
  'payload-too-large',
  'image-too-large',
  'unsupported-media-type',
  'unsupported-image',
  'invalid-image',
  'validation-failed',
] as const satisfies readonly ProblemKind[];
