// The client's parameter and answer types, derived from the generated OpenAPI types (openapi.d.ts)
// by operationId, so they follow the API's schemas without being written twice.
//  - Params<K>: ONE object with the API's own names: path parameters, then the body's fields (the
//    JSON body's types, with the multipart body's file fields as BinaryInput), then query
//    parameters that are not also body fields (the API takes some in either place; the client
//    sends them in the body).
//  - Answer<K>: the success answer's JSON type; BinaryAnswer for image answers; undefined for 204.
import type { components, operations } from './openapi.js';

/** The API's operations by OpenAPI operationId: the client's method names. */
export type OperationId = keyof operations;

/** The API's named JSON schemas: `Schemas['Verification']`, `Schemas['Identification']`, ... */
export type Schemas = components['schemas'];

/** An image to upload: a Blob (or File), an ArrayBuffer or a Uint8Array (a Node Buffer is one). */
export type BinaryInput = Blob | ArrayBuffer | Uint8Array;

/** An image answer (stylize, gallery image and thumbnail). */
export interface BinaryAnswer {
  bytes: Uint8Array;
  /** The answer's media type, e.g. image/png. */
  contentType: string;
}

/** Per-call options. */
export interface CallOptions {
  /** Aborts the request (and any wait before a retry). */
  signal?: AbortSignal;
  /** Extra request headers, e.g. `{ accept: 'image/webp' }` for stylize. */
  headers?: Record<string, string>;
}

type Empty = Record<never, never>;
type Simplify<T> = { [P in keyof T]: T[P] };
type Op<K extends OperationId> = operations[K];

/** A parameters section (path, query) of an operation; {} when it has none. */
type Section<T> = [NonNullable<T>] extends [never] ? Empty : NonNullable<T>;
type PathParams<K extends OperationId> = Section<Op<K>['parameters']['path']>;
type QueryParams<K extends OperationId> = Section<Op<K>['parameters']['query']>;

type BodyContent<K extends OperationId> = NonNullable<Op<K>['requestBody']> extends { content: infer C } ? C : never;
/** The body's fields: the JSON body's when there is one (numbers and booleans typed as such),
 * else the multipart or urlencoded body's. */
type BodyFields<C> = C extends { 'application/json': infer J }
  ? J
  : C extends { 'multipart/form-data': infer M }
    ? M
    : C extends { 'application/x-www-form-urlencoded': infer U }
      ? U
      : Empty;
/** The multipart body's file fields (format: binary, generated as Blob). */
type FileFields<C> = C extends { 'multipart/form-data': infer M }
  ? { [F in keyof M]-?: NonNullable<M[F]> extends Blob ? F : never }[keyof M]
  : never;
type WithFiles<J, Files> = { [F in keyof J]: F extends Files ? BinaryInput : J[F] };
type BodyParams<K extends OperationId> = [BodyContent<K>] extends [never]
  ? Empty
  : undefined extends Op<K>['requestBody']
    ? Partial<WithFiles<BodyFields<BodyContent<K>>, FileFields<BodyContent<K>>>>
    : WithFiles<BodyFields<BodyContent<K>>, FileFields<BodyContent<K>>>;

/** The parameters of operation K, in one object keyed by the API's names. */
export type Params<K extends OperationId> = Simplify<PathParams<K> & Omit<QueryParams<K>, keyof BodyParams<K>> & BodyParams<K>>;

type Responses<K extends OperationId> = Op<K>['responses'];
type Success<K extends OperationId> = Responses<K>[Extract<keyof Responses<K>, 200 | 201 | 202 | 204>];

/** What operation K resolves to. */
export type Answer<K extends OperationId> =
  Success<K> extends { content: { 'application/json': infer J } } ? J : Success<K> extends { content: object } ? BinaryAnswer : undefined;

/** A method's arguments: the parameters object (optional when every parameter is), then options. */
export type Args<K extends OperationId> =
  Empty extends Params<K> ? [params?: Params<K>, options?: CallOptions] : [params: Params<K>, options?: CallOptions];

/** One method per operation: what the Likeness class implements (checked by the compiler). */
export type Operations = { [K in OperationId]: (...args: Args<K>) => Promise<Answer<K>> };

/** The fetch the client calls: the global one by default; any function of this shape (a Worker's
 * service binding, a test double, a fetch with your own agent or logging). */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface LikenessOptions {
  /** Where the API is, e.g. https://likeness.dev or http://localhost:8787 (paths start with /v1). */
  baseUrl: string;
  /** An API key (lk_...): sent to the operations that take one; the collections need it. */
  apiKey?: string;
  /** Default: the global fetch. */
  fetch?: FetchLike;
  /** Retries of a 429 or 503 that carries Retry-After (default 2). */
  retries?: number;
  /** The longest Retry-After waited, in ms (default 30000); a longer one is thrown at once. */
  maxRetryWaitMs?: number;
}
