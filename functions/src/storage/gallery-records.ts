// The gallery's stored shapes: item records as the store returns them, the D1 row they are read
// from, and the R2 object keys. Split from gallery.ts (the store) so each stays small.
import type { D1Database, KVNamespace, R2Bucket } from '@cloudflare/workers-types/latest/index';

export type GalleryState = 'visible' | 'hidden' | 'deleted';
export type GallerySort = 'new' | 'top';
export type GalleryObjectKind = 'image' | 'thumb';

export interface GalleryBindings {
  DB: D1Database;
  MEDIA: R2Bucket;
  /** Optional: where a cleanup run that stopped early records where to continue. */
  KV?: KVNamespace;
}

export interface GalleryItemRecord {
  id: string;
  style: string;
  title: string;
  author: string | null;
  /** ms since the epoch. */
  createdAt: number;
  likes: number;
  reports: number;
  state: GalleryState;
  width: number;
  height: number;
  imageEtag: string;
  thumbEtag: string;
  thumbWidth: number;
  thumbHeight: number;
  /** An example picture made by `npm run gallery:seed`, not something a visitor published. */
  example: boolean;
}

export interface EncodedObject {
  bytes: Uint8Array;
  /** Strong validator of the bytes (hex), served as the ETag. */
  etag: string;
  width: number;
  height: number;
}

export interface NewGalleryItem {
  id: string;
  style: string;
  title: string;
  author: string | null;
  createdAt: number;
  deleteTokenHash: string;
  /** Only `npm run gallery:seed` sets this; POST /v1/gallery never does. */
  example?: boolean;
  image: EncodedObject;
  thumb: EncodedObject;
}

/** Keyset position: the sort keys of the last item of the previous page. */
export interface GalleryCursor {
  createdAt: number;
  id: string;
  /** For sort=top. */
  likes?: number;
}

export interface ListOptions {
  sort: GallerySort;
  style?: string;
  after?: GalleryCursor;
  limit: number;
}

export const GALLERY_PREFIX = 'gallery/';
export const GALLERY_MEDIA_TYPE = 'image/jpeg';
export const objectKey = (id: string, kind: GalleryObjectKind) => `${GALLERY_PREFIX}${id}/${kind}.jpg`;

export interface ItemRow {
  id: string;
  style: string;
  title: string;
  author: string | null;
  created_at: number;
  likes: number;
  reports: number;
  state: GalleryState;
  width: number;
  height: number;
  image_etag: string;
  thumb_etag: string;
  thumb_width: number;
  thumb_height: number;
  example: number;
}

export const COLUMNS =
  'id, style, title, author, created_at, likes, reports, state, width, height, image_etag, thumb_etag, thumb_width, thumb_height, example';

export const toRecord = (r: ItemRow): GalleryItemRecord => ({
  id: r.id,
  style: r.style,
  title: r.title,
  author: r.author,
  createdAt: r.created_at,
  likes: r.likes,
  reports: r.reports,
  state: r.state,
  width: r.width,
  height: r.height,
  imageEtag: r.image_etag,
  thumbEtag: r.thumb_etag,
  thumbWidth: r.thumb_width,
  thumbHeight: r.thumb_height,
  example: r.example === 1,
});
