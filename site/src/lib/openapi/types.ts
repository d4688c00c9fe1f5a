// Shapes of the API reference's view of an OpenAPI 3.x document: loose on purpose (any valid
// document is read defensively), with the few fields the page uses named.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
// OpenAPI objects are JSON; we read them defensively, so a permissive record type is enough.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
// biome-ignore lint/suspicious/noExplicitAny: an arbitrary OpenAPI document, walked by key; its shape is checked where it is read
export type Obj = Record<string, any>;

export interface OpenApiDoc extends Obj {
  openapi: string;
  info: { title: string; version: string; description?: string; summary?: string } & Obj;
  servers?: { url: string; description?: string; variables?: Record<string, { default: string }> }[];
  paths?: Record<string, Obj>;
  components?: Obj;
  tags?: { name: string; description?: string }[];
  security?: Obj[];
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  description?: string;
  required?: boolean;
  deprecated?: boolean;
  schema?: Obj;
  example?: unknown;
  examples?: Record<string, Obj>;
}

export interface MediaEntry {
  mediaType: string;
  schema?: Obj;
  example?: unknown;
  hasExample: boolean;
}

export interface ResponseEntry {
  status: string;
  description?: string;
  headers: { name: string; description?: string; schema?: Obj; required?: boolean }[];
  content: MediaEntry[];
}

export interface CodeSample {
  /** Stable key of the sample's language across operations (curl, client, swift, kotlin, fetch): the tab to show. */
  id: string;
  /** Syntax highlighting language. */
  lang: string;
  label: string;
  source: string;
}

export interface Operation {
  id: string;
  anchor: string;
  method: string;
  path: string;
  summary?: string;
  description?: string;
  deprecated: boolean;
  tags: string[];
  parameters: Parameter[];
  requestBody?: { description?: string; required: boolean; content: MediaEntry[] };
  responses: ResponseEntry[];
  security: Obj[];
  raw: Obj;
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export const PROBLEM_MEDIA = 'application/problem+json';
