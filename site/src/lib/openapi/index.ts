// Build-time helpers for the API reference page (site/src/pages/api.astro): load the generated
// OpenAPI 3.1 document, walk its operations, resolve local $refs, describe schemas as readable rows,
// and derive examples and code samples. Works on any valid OpenAPI 3.x document; only the samples
// name Likeness (its typed client, its key variable).

export * from './document';
export * from './examples';
export * from './markdown';
export * from './operations';
export * from './problems';
export * from './samples/index';
export * from './schema';
export * from './types';
