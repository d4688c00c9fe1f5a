// Browser only (the /verify page's on-device mode): the image decoders compiled from the URLs the
// page serves them at, so a photo is decoded in the browser by the same libjpeg-turbo and libwebp
// builds as in the Worker (worker-codecs.ts) and Node (node-codecs.ts), pixel for pixel; a canvas
// decode would differ (colour management, another JPEG decoder) and so would every distance. The
// encoders, only needed for image responses, are not downloaded. Compiling needs the page's
// Content-Security-Policy to allow 'wasm-unsafe-eval'.
import { initImageCodecs } from './codecs/registry';

/** Where the page serves the decoders' wasm (@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm, @jsquash/webp/codec/dec/webp_dec.wasm). */
export interface BrowserDecoderUrls {
  mozjpegDecoder: string;
  webpDecoder: string;
}

/** Returns a file's bytes (the page passes its cached download; plain fetch otherwise). */
export type LoadBytes = (url: string) => Promise<Uint8Array>;

const fetchBytes: LoadBytes = async (url) => {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`image decoder ${url} could not be downloaded (HTTP ${response.status})`);
  return new Uint8Array(await response.arrayBuffer());
};

/** WebAssembly.compile: browsers and Node have it; workerd (whose types these files are checked with) forbids it. */
const compileWasm = (bytes: Uint8Array): Promise<WebAssembly.Module> =>
  (WebAssembly as unknown as { compile(bytes: Uint8Array): Promise<WebAssembly.Module> }).compile(bytes);

let initialised: Promise<void> | undefined;

/** Compiles and registers the decoders once per page; later calls share the first. */
export function initBrowserImageCodecs(urls: BrowserDecoderUrls, load: LoadBytes = fetchBytes): Promise<void> {
  initialised ??= (async () => {
    const compile = async (url: string) => compileWasm(await load(url));
    const [mozjpegDecoder, webpDecoder] = await Promise.all([compile(urls.mozjpegDecoder), compile(urls.webpDecoder)]);
    initImageCodecs({ mozjpegDecoder, webpDecoder });
  })();
  initialised.catch(() => {
    initialised = undefined; // a failed download may be tried again
  });
  return initialised;
}
