// For Node tools' type-check only (tsconfig.node.json): the module types of wrangler.toml's [[rules]],
// which the Worker's type-check gets from functions/worker-configuration.d.ts (`wrangler types`).
// That file also names the Worker entry, which Node tools must not compile.
declare module '*.onnx' {
  const bytes: ArrayBuffer;
  export default bytes;
}
declare module '*.wasm' {
  const module: WebAssembly.Module;
  export default module;
}
