// zod 4 builds each object schema's parser with new Function() when eval is allowed, and finds out
// by trying it once, as each schema is made. The verify page's Content-Security-Policy forbids eval,
// so that probe would be a CSP violation (caught, but reported). Imported first by ./device.ts, before
// the faces feature's schemas are made, so zod never tries.
import { config } from 'zod';

config({ jitless: true });
