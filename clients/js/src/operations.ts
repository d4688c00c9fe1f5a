// How each operation is sent: method, path template, body encoding and whether the API key goes
// with it. The compiler checks that every operationId of the generated types is here (and nothing
// else); test/unit/client/operations.test.ts checks each entry against the OpenAPI document.
import type { OperationId } from './types.js';

export interface OperationSpec {
  method: 'GET' | 'POST' | 'DELETE';
  /** With {name} placeholders for the path parameters. */
  path: string;
  /** 'form': the body may carry images: multipart/form-data (JSON with base64 where the runtime
   * cannot make a Blob from bytes); 'json': a JSON body. Absent: no body, parameters in the query. */
  body?: 'form' | 'json';
  /** Sends `Authorization: Bearer <apiKey>` when the client has a key. Not for the gallery, whose
   * DELETE reads a bearer token as the item's delete token. */
  auth?: boolean;
}

export const OPERATIONS = {
  // system
  getHealth: { method: 'GET', path: '/v1/health' },
  listModels: { method: 'GET', path: '/v1/models' },
  measureImageStats: { method: 'POST', path: '/v1/images/stats', body: 'form', auth: true },
  // style
  listStyles: { method: 'GET', path: '/v1/styles' },
  stylize: { method: 'POST', path: '/v1/stylize', body: 'form', auth: true },
  // faces
  detectFaces: { method: 'POST', path: '/v1/faces/detect', body: 'form', auth: true },
  embedFaces: { method: 'POST', path: '/v1/faces/embed', body: 'form', auth: true },
  verify: { method: 'POST', path: '/v1/verify', body: 'form', auth: true },
  identifyFaces: { method: 'POST', path: '/v1/faces/identify', body: 'form', auth: true },
  // community gallery
  publishToGallery: { method: 'POST', path: '/v1/gallery', body: 'form' },
  listGallery: { method: 'GET', path: '/v1/gallery' },
  getGalleryItem: { method: 'GET', path: '/v1/gallery/{id}' },
  deleteGalleryItem: { method: 'DELETE', path: '/v1/gallery/{id}', body: 'json' },
  getGalleryImage: { method: 'GET', path: '/v1/gallery/{id}/image' },
  getGalleryThumbnail: { method: 'GET', path: '/v1/gallery/{id}/thumb' },
  likeGalleryItem: { method: 'POST', path: '/v1/gallery/{id}/like' },
  unlikeGalleryItem: { method: 'DELETE', path: '/v1/gallery/{id}/like' },
  reportGalleryItem: { method: 'POST', path: '/v1/gallery/{id}/report', body: 'json' },
  // collections (face recognition; an API key is required)
  createCollection: { method: 'POST', path: '/v1/collections', body: 'json', auth: true },
  listCollections: { method: 'GET', path: '/v1/collections', auth: true },
  deleteCollection: { method: 'DELETE', path: '/v1/collections/{c}', auth: true },
  createSubject: { method: 'POST', path: '/v1/collections/{c}/subjects', body: 'json', auth: true },
  listSubjects: { method: 'GET', path: '/v1/collections/{c}/subjects', auth: true },
  getSubject: { method: 'GET', path: '/v1/collections/{c}/subjects/{s}', auth: true },
  deleteSubject: { method: 'DELETE', path: '/v1/collections/{c}/subjects/{s}', auth: true },
  enrolFace: { method: 'POST', path: '/v1/collections/{c}/subjects/{s}/faces', body: 'form', auth: true },
  enrolEmbedding: { method: 'POST', path: '/v1/collections/{c}/subjects/{s}/embeddings', body: 'json', auth: true },
  deleteFace: { method: 'DELETE', path: '/v1/collections/{c}/subjects/{s}/faces/{f}', auth: true },
  identify: { method: 'POST', path: '/v1/collections/{c}/identify', body: 'form', auth: true },
  search: { method: 'POST', path: '/v1/collections/{c}/search', body: 'json', auth: true },
  verifySubject: { method: 'POST', path: '/v1/collections/{c}/subjects/{s}/verify', body: 'form', auth: true },
} as const satisfies Record<OperationId, OperationSpec>;
