// @likeness/client: a typed client of the Likeness API (face verification, detection and
// embeddings, face recognition collections, style transfer, the community gallery). One method per
// API operation, named by its OpenAPI operationId, taking one object keyed by the API's own names;
// types generated from the OpenAPI document (openapi.d.ts). Only fetch, FormData, Blob and URL are
// used, so it runs in browsers, Node 20+, React Native and Workers.
//
//   import { Likeness } from '@likeness/client';
//   const likeness = new Likeness({ baseUrl: 'https://likeness.dev', apiKey: process.env.LIKENESS_KEY });
//   const answer = await likeness.verify({ a: photoA, b: photoB });
import { Transport } from './http.js';
import { OPERATIONS } from './operations.js';
import type { Answer, Args, LikenessOptions, OperationId, Operations } from './types.js';

export { CLIENT_KINDS, LikenessError, type Problem, problemKind } from './errors.js';
export { OPERATIONS, type OperationSpec } from './operations.js';
export type { components, operations, paths } from './openapi.js';
export type {
  Answer,
  Args,
  BinaryAnswer,
  BinaryInput,
  CallOptions,
  FetchLike,
  LikenessOptions,
  OperationId,
  Operations,
  Params,
  Schemas,
} from './types.js';

/** One call of operation `id` (kept off the class so its prototype holds only the API's operations). */
function send<K extends OperationId>(transport: Transport, id: K, args: Args<K>): Promise<Answer<K>> {
  const [params, options] = args;
  return transport.send(OPERATIONS[id], params as Record<string, unknown> | undefined, options) as Promise<Answer<K>>;
}

export class Likeness implements Operations {
  private readonly transport: Transport;

  constructor(options: LikenessOptions) {
    const fetch = options.fetch ?? (typeof globalThis.fetch === 'function' ? (input, init) => globalThis.fetch(input, init) : undefined);
    if (!fetch) throw new TypeError('Likeness: this runtime has no global fetch; pass options.fetch');
    this.transport = new Transport({
      baseUrl: options.baseUrl,
      apiKey: options.apiKey,
      fetch,
      retries: Math.max(0, Math.floor(options.retries ?? 2)),
      maxRetryWaitMs: Math.max(0, options.maxRetryWaitMs ?? 30_000),
    });
  }

  // --- system -----------------------------------------------------------------------------------
  /** GET /v1/health: service status, version and served models. */
  getHealth(...args: Args<'getHealth'>) {
    return send(this.transport, 'getHealth', args);
  }
  /** GET /v1/models: the model files the service runs (sha256, size, URL, manifest entry), for on-device mode. */
  listModels(...args: Args<'listModels'>) {
    return send(this.transport, 'listModels', args);
  }
  /** POST /v1/images/stats: brightness, contrast and sharpness of a photo (`image`). */
  measureImageStats(...args: Args<'measureImageStats'>) {
    return send(this.transport, 'measureImageStats', args);
  }

  // --- faces ------------------------------------------------------------------------------------
  /** POST /v1/faces/detect: the faces in `image`, with landmarks and quality. */
  detectFaces(...args: Args<'detectFaces'>) {
    return send(this.transport, 'detectFaces', args);
  }
  /** POST /v1/faces/embed: the faces in `image` and their embeddings. */
  embedFaces(...args: Args<'embedFaces'>) {
    return send(this.transport, 'embedFaces', args);
  }
  /** POST /v1/verify: are the faces in photos `a` and `b` the same person? (`a_face`/`a_box`, `b_face`/`b_box` choose faces.) */
  verify(...args: Args<'verify'>) {
    return send(this.transport, 'verify', args);
  }
  /** POST /v1/faces/identify: who of `people` ({name, embedding, model} from embedFaces) is in `image`? No key needed, nothing stored. */
  identifyFaces(...args: Args<'identifyFaces'>) {
    return send(this.transport, 'identifyFaces', args);
  }

  // --- collections (face recognition; needs an API key) -----------------------------------------
  /** POST /v1/collections: create a collection (`name`?). */
  createCollection(...args: Args<'createCollection'>) {
    return send(this.transport, 'createCollection', args);
  }
  /** GET /v1/collections: the tenant's collections. */
  listCollections(...args: Args<'listCollections'>) {
    return send(this.transport, 'listCollections', args);
  }
  /** DELETE /v1/collections/{c}: a collection and everything in it. */
  deleteCollection(...args: Args<'deleteCollection'>) {
    return send(this.transport, 'deleteCollection', args);
  }
  /** POST /v1/collections/{c}/subjects: add a person (`name`, `external_id`?). */
  createSubject(...args: Args<'createSubject'>) {
    return send(this.transport, 'createSubject', args);
  }
  /** GET /v1/collections/{c}/subjects: a page of subjects (`cursor`, `limit`). */
  listSubjects(...args: Args<'listSubjects'>) {
    return send(this.transport, 'listSubjects', args);
  }
  /** GET /v1/collections/{c}/subjects/{s}: a subject and its enrolled faces. */
  getSubject(...args: Args<'getSubject'>) {
    return send(this.transport, 'getSubject', args);
  }
  /** DELETE /v1/collections/{c}/subjects/{s}: a subject and its enrolled faces. */
  deleteSubject(...args: Args<'deleteSubject'>) {
    return send(this.transport, 'deleteSubject', args);
  }
  /** POST /v1/collections/{c}/subjects/{s}/faces: enrol a face of the subject from `image`. */
  enrolFace(...args: Args<'enrolFace'>) {
    return send(this.transport, 'enrolFace', args);
  }
  /** POST /v1/collections/{c}/subjects/{s}/embeddings: enrol an `embedding` made on the device (with its `model`); no photo is sent. */
  enrolEmbedding(...args: Args<'enrolEmbedding'>) {
    return send(this.transport, 'enrolEmbedding', args);
  }
  /** DELETE /v1/collections/{c}/subjects/{s}/faces/{f}: one enrolled face. */
  deleteFace(...args: Args<'deleteFace'>) {
    return send(this.transport, 'deleteFace', args);
  }
  /** POST /v1/collections/{c}/identify: who is in `image`? (`top_k`, `threshold`, `max_false_identity_rate`) */
  identify(...args: Args<'identify'>) {
    return send(this.transport, 'identify', args);
  }
  /** POST /v1/collections/{c}/search: identify an `embedding` from embedFaces (with its `model`). */
  search(...args: Args<'search'>) {
    return send(this.transport, 'search', args);
  }
  /** POST /v1/collections/{c}/subjects/{s}/verify: is the face in `image` this enrolled person? */
  verifySubject(...args: Args<'verifySubject'>) {
    return send(this.transport, 'verifySubject', args);
  }

  // --- style ------------------------------------------------------------------------------------
  /** GET /v1/styles: the paintings whose style can be applied. */
  listStyles(...args: Args<'listStyles'>) {
    return send(this.transport, 'listStyles', args);
  }
  /** POST /v1/stylize: `image` repainted in `style`; resolves to the image bytes (PNG, or what `accept` asks for). */
  stylize(...args: Args<'stylize'>) {
    return send(this.transport, 'stylize', args);
  }

  // --- community gallery ------------------------------------------------------------------------
  /** POST /v1/gallery: publish a stylized `image` (`style`, `title`, `author`?); keep the answer's `delete_token`. */
  publishToGallery(...args: Args<'publishToGallery'>) {
    return send(this.transport, 'publishToGallery', args);
  }
  /** GET /v1/gallery: a page of items (`style`, `sort`, `cursor`, `limit`). */
  listGallery(...args: Args<'listGallery'>) {
    return send(this.transport, 'listGallery', args);
  }
  /** GET /v1/gallery/{id}: one item. */
  getGalleryItem(...args: Args<'getGalleryItem'>) {
    return send(this.transport, 'getGalleryItem', args);
  }
  /** DELETE /v1/gallery/{id}: delete an item with its `delete_token`. */
  deleteGalleryItem(...args: Args<'deleteGalleryItem'>) {
    return send(this.transport, 'deleteGalleryItem', args);
  }
  /** GET /v1/gallery/{id}/image: the published JPEG. */
  getGalleryImage(...args: Args<'getGalleryImage'>) {
    return send(this.transport, 'getGalleryImage', args);
  }
  /** GET /v1/gallery/{id}/thumb: its thumbnail. */
  getGalleryThumbnail(...args: Args<'getGalleryThumbnail'>) {
    return send(this.transport, 'getGalleryThumbnail', args);
  }
  /** POST /v1/gallery/{id}/like: like an item (once per visitor). */
  likeGalleryItem(...args: Args<'likeGalleryItem'>) {
    return send(this.transport, 'likeGalleryItem', args);
  }
  /** DELETE /v1/gallery/{id}/like: take back a like. */
  unlikeGalleryItem(...args: Args<'unlikeGalleryItem'>) {
    return send(this.transport, 'unlikeGalleryItem', args);
  }
  /** POST /v1/gallery/{id}/report: report an item (`reason`). */
  reportGalleryItem(...args: Args<'reportGalleryItem'>) {
    return send(this.transport, 'reportGalleryItem', args);
  }
}
