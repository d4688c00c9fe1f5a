// Runs a Squoosh (Emscripten) decoder from a precompiled WebAssembly.Module.
//
// Why not @jsquash's own decode(): its instance lives for the whole isolate, and WASM memory only
// grows, so one 12 MP photo would leave ~60 MB of codec heap (per codec) pinned next to ORT's for
// the isolate's life. Here an instance is kept only while it has decoded small images; after a
// large image or any failure it is dropped so the heap can be collected (instantiating from a
// compiled module takes ~1-5 ms). Instantiation uses the compiled module, never bytes, because
// workerd forbids compiling WASM at run time.

/** What the Squoosh decoders hand back (their ImageData polyfill in Node and workerd). */
export interface CodecImageData {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

interface EmscriptenOptions {
  noInitialRun: boolean;
  print: (text: string) => void;
  printErr: (text: string) => void;
  instantiateWasm: (imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance) => void) => WebAssembly.Exports;
}

export type EmscriptenFactory<M> = (options: EmscriptenOptions) => Promise<M>;

/** Decodes of up to this many pixels keep the instance for the next request. */
const REUSE_MAX_PIXELS = 1_000_000;

export class CodecError extends Error {
  constructor(
    message: string,
    readonly warnings: readonly string[],
  ) {
    super(message);
    this.name = 'CodecError';
  }
}

export class WasmDecoder<M> {
  private wasm: WebAssembly.Module | undefined;
  private instance: Promise<M> | undefined;
  private warnings: string[] = [];

  constructor(
    private readonly name: string,
    private readonly factory: EmscriptenFactory<M>,
  ) {}

  setModule(wasm: WebAssembly.Module): void {
    this.wasm = wasm;
    this.instance = undefined;
  }

  get ready(): boolean {
    return this.wasm !== undefined;
  }

  /** Runs decode on an instance; collects what the codec printed (libjpeg warnings). */
  async run<T>(pixels: number, decode: (instance: M) => T): Promise<{ result: T; warnings: string[] }> {
    let instance: M;
    try {
      this.instance ??= this.instantiate();
      instance = await this.instance;
    } catch (error) {
      this.instance = undefined; // do not cache a failed instantiation
      throw error;
    }
    this.warnings = [];
    try {
      // decode is synchronous, so no other request's decode can interleave and mix warnings.
      const result = decode(instance);
      return { result, warnings: this.warnings };
    } catch (error) {
      // Emscripten throws ExitStatus (not an Error) when libjpeg gives up: say what it printed.
      this.instance = undefined;
      const message = error instanceof Error ? error.message : String((error as { message?: unknown })?.message ?? error);
      throw new CodecError(this.warnings.at(-1) ?? message, this.warnings);
    } finally {
      if (pixels > REUSE_MAX_PIXELS) this.instance = undefined;
    }
  }

  private instantiate(): Promise<M> {
    const wasm = this.wasm;
    if (!wasm) {
      throw new Error(
        `image codec ${this.name} is not initialised: call initImageCodecs() (Worker), initNodeImageCodecs() (Node) or initBrowserImageCodecs() (browser) first`,
      );
    }
    return this.factory({
      noInitialRun: true,
      print: () => {},
      printErr: (text) => this.warnings.push(text),
      instantiateWasm(imports, done) {
        const instance = new WebAssembly.Instance(wasm, imports);
        done(instance);
        return instance.exports;
      },
    });
  }
}
