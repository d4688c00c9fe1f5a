// Where a verify answer was computed, and how the page says it: on our server, or on this device
// with the engine that ran the models (./device.ts).

/** Where an answer was computed: on this device, and on which engine, or on our server. */
export type RanOn =
  | { where: 'device'; engine: 'wasm' | 'webgpu'; threads: number; simd: boolean; crossOriginIsolated: boolean; adapter?: string }
  | { where: 'server' };

/** "WASM SIMD, 4 threads", "WebGPU (nvidia ampere)": the engine of an on-device answer. */
export function engineText(ran: Extract<RanOn, { where: 'device' }>): string {
  if (ran.engine === 'webgpu') return `WebGPU${ran.adapter ? ` (${ran.adapter})` : ''}`;
  return `WASM${ran.simd ? ' SIMD' : ''}, ${ran.threads} thread${ran.threads === 1 ? '' : 's'}`;
}

/** "Checked on this device · WASM SIMD, 4 threads", "Checked on our server". */
export const ranOnText = (ran: RanOn): string =>
  ran.where === 'server' ? 'Checked on our server' : `Checked on this device · ${engineText(ran)}`;
