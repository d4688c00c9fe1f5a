// The one module that touches D1, R2 and KV. Routes and pipeline stages never use the bindings
// directly, so what is stored (and, for privacy, what is never stored) is visible in one place.
import type { Bindings } from '../config';

export type StoreStatus = 'ok' | 'unavailable';

export interface StorageStatus {
  d1: StoreStatus;
  r2: StoreStatus;
  kv: StoreStatus;
}

const probe = async (check: () => Promise<unknown>): Promise<StoreStatus> => {
  try {
    await check();
    return 'ok';
  } catch (error) {
    console.error('storage probe failed', error);
    return 'unavailable';
  }
};

/** Read-only reachability checks for the health endpoint; they never write. */
export async function storageStatus(env: Pick<Bindings, 'DB' | 'MEDIA' | 'KV'>): Promise<StorageStatus> {
  const [d1, r2, kv] = await Promise.all([
    probe(() => env.DB.prepare('SELECT 1').first()),
    probe(() => env.MEDIA.head('health-probe')),
    probe(() => env.KV.get('health-probe')),
  ]);
  return { d1, r2, kv };
}
export { countRequest, purgeRateLimits, type WindowCount } from './rate-limit';
export {
  galleryStore,
  GalleryStore,
  LIKES_PER_ADDRESS,
  REINSTATE_SQL,
  type GalleryItemRecord,
  type GallerySort,
  type GalleryCursor,
  type GalleryBindings,
} from './gallery';
export { cleanupGallery } from './gallery-cleanup';
export { findApiKey, createTenantKey, type Caller } from './api-keys';
export { newId, isId } from './ids';
export { embeddingToBytes, embeddingFromBytes } from './embedding-bytes';
export * from './collections';
export {
  collectionIndex,
  facesByRowid,
  type CollectionIndex,
  type IndexPacking,
  type IndexPacker,
  type StaleSubject,
  type FaceMatchRow,
} from './collection-index';
