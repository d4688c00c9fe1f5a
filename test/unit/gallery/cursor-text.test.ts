// The gallery's pure helpers (functions/src/features/gallery/): the page cursor and the plain-text
// cleaning of titles and names. The API's answers to them are tested in test/worker/gallery.test.ts.
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../functions/src/errors';
import { decodeCursor, encodeCursor } from '../../../functions/src/features/gallery/cursor';
import { plainText } from '../../../functions/src/features/gallery/text';
import type { GalleryItemRecord } from '../../../functions/src/storage/gallery';

const item = (over: Partial<GalleryItemRecord> = {}): GalleryItemRecord => ({
  id: '3f9c0a6d1b2e4c58',
  style: 'starry_night',
  title: 'Morning coffee',
  author: null,
  createdAt: 1_764_450_300_000,
  likes: 4,
  reports: 0,
  state: 'visible',
  width: 96,
  height: 64,
  imageEtag: 'a',
  thumbEtag: 'b',
  thumbWidth: 96,
  thumbHeight: 64,
  example: false,
  ...over,
});

/** The field and message of the 422 that `run` throws. */
function invalid(run: () => unknown): { field: unknown; message: string } {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).kind).toBe('validation-failed');
    return { field: (error as DomainError).extensions.field, message: (error as DomainError).message };
  }
  throw new Error('expected a validation failure');
}

describe('gallery cursor', () => {
  it('round-trips the sort keys of each order, URL-safe', () => {
    const newest = encodeCursor('new', item());
    expect(newest).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(newest, 'new')).toEqual({ sort: 'new', createdAt: 1_764_450_300_000, id: '3f9c0a6d1b2e4c58' });
    expect(decodeCursor(encodeCursor('top', item()), 'top')).toEqual({
      sort: 'top',
      likes: 4,
      createdAt: 1_764_450_300_000,
      id: '3f9c0a6d1b2e4c58',
    });
  });

  it('refuses a cursor of the other sort, and anything it did not make', () => {
    expect(invalid(() => decodeCursor(encodeCursor('new', item()), 'top')).message).toBe(
      'cursor: was made for sort=new; keep the same sort while paging',
    );
    const forged = (payload: unknown) => btoa(JSON.stringify(payload)).replace(/=+$/, '');
    for (const cursor of [
      'garbage',
      '!!!',
      forged({ sort: 'new' }),
      forged(['new', -1, '3f9c0a6d1b2e4c58']),
      forged(['new', 1, "x' OR 1=1"]),
      forged(['top', 1, '3f9c0a6d1b2e4c58']),
    ]) {
      expect(invalid(() => decodeCursor(cursor, cursor.includes('dG9w') ? 'top' : 'new')).field, cursor).toBe('cursor');
    }
  });
});

describe('plainText', () => {
  it('normalizes, removes invisible formatting and collapses whitespace', () => {
    expect(plainText('title', '  Left\u202Eright\u200B\n done ', 80, true)).toBe('Leftright done');
    expect(plainText('title', 'e\u0301', 80, true)).toBe('é');
  });

  it('treats a blank optional value as absent and refuses a blank required one', () => {
    expect(plainText('author', '   ', 40, false)).toBeNull();
    expect(plainText('author', undefined, 40, false)).toBeNull();
    expect(invalid(() => plainText('title', ' ', 80, true))).toEqual({ field: 'title', message: 'title: must not be empty' });
    expect(invalid(() => plainText('title', undefined, 80, true)).message).toBe('title: required: 80 characters at most');
  });

  it('refuses control characters, non-text and over-long values (counted in characters)', () => {
    expect(invalid(() => plainText('title', 'a\u0007b', 80, true)).message).toBe('title: must not contain control characters');
    expect(invalid(() => plainText('title', 42, 80, true)).message).toBe('title: must be text');
    expect(plainText('title', '😀'.repeat(80), 80, true)).toBe('😀'.repeat(80));
    expect(invalid(() => plainText('title', 'x'.repeat(81), 80, true)).message).toBe('title: must be at most 80 characters, got 81');
  });
});
