// Compile-time only: checks config.ts's Bindings against the Env that `wrangler types` generates
// from wrangler.toml (functions/worker-configuration.d.ts, kept current by `npm run lint`, which runs
// `wrangler types --check`). Bindings is written by hand so that Node tools can import it without
// the Workers global typings; this file, type-checked with them (tsconfig.json), keeps the two
// from drifting: a binding or var added to wrangler.toml must be added to Bindings with a
// compatible type, and Bindings may only add optional vars that wrangler.toml leaves unset.
import type { Bindings } from './config';

type Generated = Cloudflare.Env;

/** Bindings without its RATE_LIMIT_<NAME> index signature (optional overrides wrangler.toml may leave unset). */
type Declared = { [K in keyof Bindings as `RATE_LIMIT_${string}` extends K ? never : K]: Bindings[K] };

/** Keys wrangler.toml declares that Bindings lacks: must be none. */
type MissingFromBindings = Exclude<keyof Generated, keyof Declared>;
/** Keys Bindings adds beyond wrangler.toml: must all be optional. */
type Extra = Exclude<keyof Declared, keyof Generated>;

type Expect<T extends true> = T;
export type BindingsCoverWranglerToml = Expect<[MissingFromBindings] extends [never] ? true : false>;
export type ExtraBindingsAreOptional = Expect<Partial<Pick<Declared, Extra>> extends Pick<Declared, Extra> ? true : false>;

/** Every generated binding's type fits the hand-written one (D1, R2, KV, rate limits, vars). */
export const generatedEnvFitsBindings = (env: Generated): Declared => env;
