// The verify page's choice of where to check: "On our server" (POST /v1/verify) or "On this device"
// (./device.ts, loaded with import() the first time it is needed, so the page stays light for
// everyone else). The device option says what its first use downloads (verify.astro works the sizes
// out at build time) or that it is cached on this device (Cache Storage, checked here without
// downloading anything).
//
// Query parameters, for links and benchmarks:
//   ?where=device           preselect "On this device"
//   ?engine=wasm|webgpu     choose the engine (default auto, which is WASM: see AUTO_ENGINE in
//                           functions/src/runtime/ort-browser.ts; webgpu needs an adapter)
//   ?threads=N              WASM threads (default min(4, cores) when cross-origin isolated, else 1)
import { AssetStore } from '../../../../functions/src/util/asset-cache';
import { formatBytes } from '../shared/format';
import { DEVICE_CACHE, deviceDownloads, type DevicePlan } from './device-files';
import type { OnDevice } from './device';

export type Where = 'server' | 'device';

export interface WhereChoice {
  /** The option chosen now. */
  where(): Where;
  /** On-device mode, prepared once (downloads with progress the first time). Rejects with an ApiProblem. */
  device(onProgress: (loaded: number, total: number) => void): Promise<OnDevice>;
}

const ENGINES = ['auto', 'wasm', 'webgpu'] as const;

/** The engine and threads a link asks for (?engine=, ?threads=); anything else is ignored. */
export function engineParams(search: string): { engine?: (typeof ENGINES)[number]; threads?: number } {
  const params = new URLSearchParams(search);
  const engine = ENGINES.find((e) => e === params.get('engine'));
  const threads = Number(params.get('threads'));
  return { ...(engine ? { engine } : {}), ...(Number.isInteger(threads) && threads >= 1 && threads <= 64 ? { threads } : {}) };
}

/** Shows the choice (hidden and disabled without JavaScript, or where the browser cannot run the models). */
export function initWhere(form: HTMLFormElement, search = location.search): WhereChoice {
  const fieldset = form.querySelector<HTMLFieldSetElement>('[data-where]');
  const planNode = form.querySelector<HTMLElement>('[data-device]');
  const plan = planNode?.dataset.device ? (JSON.parse(planNode.dataset.device) as DevicePlan) : undefined;
  const inputs = [...form.querySelectorAll<HTMLInputElement>('[data-where-input]')];
  const sizeNote = form.querySelector<HTMLElement>('[data-device-size]');
  const capable = typeof WebAssembly === 'object' && typeof WebAssembly.validate === 'function' && !!plan;
  const where = (): Where => (capable && inputs.find((i) => i.checked)?.value === 'device' ? 'device' : 'server');

  if (fieldset && capable) {
    fieldset.hidden = false;
    fieldset.disabled = false;
    if (new URLSearchParams(search).get('where') === 'device') {
      const device = inputs.find((i) => i.value === 'device');
      if (device) device.checked = true;
    }
    void describeDownload(plan, sizeNote);
  }

  let loading: Promise<OnDevice> | undefined;
  let listeners: ((loaded: number, total: number) => void)[] = [];
  return {
    where,
    device(onProgress) {
      if (!plan) return Promise.reject(new Error('on-device mode is not available on this page'));
      listeners.push(onProgress);
      loading ??= import('./device')
        .then(({ startDevice }) =>
          startDevice({
            ...engineParams(search),
            sizes: plan.sizes,
            onProgress: (loaded, total) => listeners.forEach((l) => l(loaded, total)),
          }),
        )
        .then(
          (device) => {
            if (sizeNote) sizeNote.textContent = 'Downloaded, cached on this device.';
            return device;
          },
          (e: unknown) => {
            loading = undefined; // a failed start may be tried again
            throw e;
          },
        )
        .finally(() => {
          listeners = [];
        });
      return loading;
    },
  };
}

/** "One-time download of 20.6 MB, then cached on this device." or "Downloaded, cached on this device." */
async function describeDownload(plan: DevicePlan, note: HTMLElement | null): Promise<void> {
  if (!note) return;
  try {
    const store = new AssetStore(DEVICE_CACHE);
    const files = deviceDownloads(plan);
    const cached = await Promise.all(files.map((f) => store.has(f.url)));
    const pending = files.reduce((sum, f, i) => sum + (cached[i] ? 0 : f.bytes), 0);
    if (pending === 0) note.textContent = 'Downloaded, cached on this device.';
    else if (pending < files.reduce((sum, f) => sum + f.bytes, 0))
      note.textContent = `Download of ${formatBytes(pending)} left (the rest is cached on this device).`;
  } catch {
    /* the build-time sentence stays */
  }
}
