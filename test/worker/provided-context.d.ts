// Values that test/worker/global-setup.ts (Node) provides to the tests inside workerd.
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** onnxruntime-node outputs per bundled model and output name, for the parity test. */
    nodeReference: Record<string, Record<string, { dims: number[]; data: number[] }>>;
    /** test/fixtures/images/* as base64, keyed by file name: workerd tests cannot read files. */
    imageFixtures: Record<string, string>;
    /** test/fixtures/faces/* photos as base64, keyed by file name (see SOURCES.md there). */
    faceFixtures: Record<string, string>;
    /** worker-encoder project only: the encoder that build serves and its head's threshold. */
    servedFaceEncoder: { id: string; threshold: number };
  }
}
