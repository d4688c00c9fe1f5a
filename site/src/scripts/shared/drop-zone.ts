// The behaviour of a photo field (site/src/components/DropZone.astro): a file chosen with the input,
// dropped on the zone or taken with the phone's camera is reduced for upload (./downscale.ts) and
// previewed, with a line saying what will be sent; "Remove" empties the field. The page keeps its own
// flow (messages, results, requests) and hears of changes through the hooks.
import { prepareImage, type PreparedImage } from './downscale';
import { formatBytes } from './format';

/** A photo reduced for upload, with an object URL of the reduced image and the chosen file's name. */
export interface ReadyPhoto extends PreparedImage {
  url: string;
  name: string;
}

export interface DropZoneHooks {
  /** How the preview's alt text names the photo: "Photo A", "your photo". */
  photoName: string;
  /** A file (or none) is about to replace the photo: the page drops its results, messages and running request. */
  onChange(): void;
  /** Refuses a file before it is prepared (the page says why); without it every file is tried. */
  accept?(file: File, name: string): boolean;
  /** The browser could not read the chosen file as a picture; the field is empty again. */
  onUnreadable(name: string): void;
  /** The photo was removed with the field's "Remove" button; the field is empty and its input focused next. */
  onRemoved(): void;
  /** The files dropped together with the one this field takes (the verify page fills its other field with them). */
  onExtraFiles?(files: File[]): void;
}

export interface DropZone {
  readonly input: HTMLInputElement;
  /** The line about the photo: its name while it is prepared, then its size and what is sent. */
  readonly meta: HTMLElement;
  /** The photo being prepared or ready, undefined when none is chosen; rejects when the browser cannot read the file. */
  readonly pending: Promise<ReadyPhoto> | undefined;
  /** Take this file (undefined: none), as if chosen with the input. */
  choose(file: File | undefined): void;
  /** Mark the field as the one a message is about (red border, aria-invalid on the input). */
  markInvalid(invalid: boolean): void;
}

const find = <T extends Element>(root: ParentNode, selector: string): T => {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`drop zone: missing ${selector}`);
  return found;
};

/** The photo field inside `root` (the markup of DropZone.astro, and a `[data-clear]` button). */
export function createDropZone(root: HTMLElement, hooks: DropZoneHooks): DropZone {
  const drop = find<HTMLElement>(root, '[data-drop]');
  const input = find<HTMLInputElement>(root, '[data-input]');
  const camera = root.querySelector<HTMLInputElement>('[data-camera-input]');
  const preview = find<HTMLImageElement>(root, '[data-preview]');
  const empty = find<HTMLElement>(root, '[data-empty]');
  const busy = find<HTMLElement>(root, '[data-busy]');
  const meta = find<HTMLElement>(root, '[data-meta]');
  const clear = find<HTMLButtonElement>(root, '[data-clear]');
  root.querySelector('[data-camera]')?.removeAttribute('hidden'); // shown on coarse pointers only (CSS)
  preventStrayDrops(root.ownerDocument);

  let ready: ReadyPhoto | undefined;
  let pending: Promise<ReadyPhoto> | undefined;
  /** Incremented on every change, so a late preparation of a replaced file is ignored. */
  let version = 0;

  function reset() {
    version++;
    if (ready) URL.revokeObjectURL(ready.url);
    ready = undefined;
    pending = undefined;
    preview.hidden = true;
    preview.removeAttribute('src');
    empty.hidden = false;
    busy.hidden = true;
    drop.classList.remove('has-photo');
    clear.hidden = true;
    meta.textContent = 'No photo chosen.';
  }

  function showReady(photo: ReadyPhoto) {
    ready = photo;
    preview.src = photo.url;
    preview.alt = `Preview of ${hooks.photoName}: ${photo.name}`;
    preview.hidden = false;
    busy.hidden = true;
    drop.classList.add('has-photo');
    const size = `${photo.sourceWidth}×${photo.sourceHeight}`;
    meta.textContent = photo.scaled
      ? `${photo.name} · ${size}, sent reduced to ${photo.width}×${photo.height} (${formatBytes(photo.blob.size)})`
      : `${photo.name} · ${size} (${formatBytes(photo.blob.size)})`;
  }

  function choose(file: File | undefined) {
    hooks.onChange();
    reset();
    if (!file) return;
    const name = file.name || 'photo';
    if (hooks.accept && !hooks.accept(file, name)) {
      input.value = '';
      return;
    }
    const mine = version;
    empty.hidden = true;
    busy.hidden = false;
    meta.textContent = name;
    clear.hidden = false;
    const p = prepareImage(file).then(
      (prepared): ReadyPhoto => {
        const photo: ReadyPhoto = { ...prepared, url: URL.createObjectURL(prepared.blob), name };
        if (mine !== version) URL.revokeObjectURL(photo.url);
        else showReady(photo);
        return photo;
      },
      (e: unknown) => {
        if (mine === version) {
          reset();
          input.value = '';
          hooks.onUnreadable(name);
        }
        throw e;
      },
    );
    p.catch(() => {}); // reported above; awaited again on submit
    pending = p;
  }

  input.addEventListener('change', () => choose(input.files?.[0]));
  camera?.addEventListener('change', () => {
    choose(camera.files?.[0]);
    camera.value = '';
  });
  clear.addEventListener('click', () => {
    reset();
    input.value = '';
    hooks.onRemoved();
    input.focus();
  });

  // Drag and drop: `depth` counts enter/leave pairs, which also fire on the zone's children.
  let depth = 0;
  drop.addEventListener('dragenter', (e) => {
    if (!e.dataTransfer?.types.includes('Files')) return;
    e.preventDefault();
    depth++;
    drop.classList.add('is-dragover');
  });
  drop.addEventListener('dragover', (e) => {
    if (!e.dataTransfer?.types.includes('Files')) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  });
  drop.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) drop.classList.remove('is-dragover');
  });
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    depth = 0;
    drop.classList.remove('is-dragover');
    const [first, ...rest] = e.dataTransfer?.files ?? [];
    if (!first) return;
    choose(first);
    if (rest.length) hooks.onExtraFiles?.(rest);
    input.focus();
  });

  reset();
  return {
    input,
    meta,
    get pending() {
      return pending;
    },
    choose,
    markInvalid(invalid) {
      drop.classList.toggle('has-error', invalid);
      if (invalid) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    },
  };
}

const guarded = new WeakSet<Document>();

/** A file dropped beside the zones must not replace the page with the photo (once per document). */
function preventStrayDrops(doc: Document) {
  if (guarded.has(doc)) return;
  guarded.add(doc);
  for (const type of ['dragover', 'drop'] as const) {
    doc.addEventListener(type, (e) => {
      if (!(e.target instanceof Element && e.target.closest('[data-drop]'))) e.preventDefault();
    });
  }
}
