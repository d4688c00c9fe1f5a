// Image fixtures inside workerd, provided by global-setup.ts (workerd tests cannot read files).
import { inject } from 'vitest';

export function fixture(name: string): Uint8Array {
  const base64 = inject('imageFixtures')[name];
  if (base64 === undefined) throw new Error(`no fixture test/fixtures/images/${name}`);
  return Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
}

export function fixtureBase64(name: string): string {
  const base64 = inject('imageFixtures')[name];
  if (base64 === undefined) throw new Error(`no fixture test/fixtures/images/${name}`);
  return base64;
}

/** A photo from test/fixtures/faces (see SOURCES.md there). */
export function faceFixture(name: string): Uint8Array {
  const base64 = inject('faceFixtures')[name];
  if (base64 === undefined) throw new Error(`no fixture test/fixtures/faces/${name}`);
  return Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
}
