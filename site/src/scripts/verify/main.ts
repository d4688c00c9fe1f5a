// The verify page's behaviour: two photo slots (file input, drag and drop, phone camera), previews of
// the reduced photos, upload with progress, then the result or a message naming the photo at fault.
// Markup: site/src/pages/verify.astro (data-* hooks). Without this script the form posts natively.
import { ApiProblem, UNEXPECTED_PROBLEM, verifyFaces, type Photo } from './api';
import { prepareImage, type PreparedImage } from './downscale';
import { PHOTO_NAME, formatBytes, problemMessage, renderResult, unreadableMessage, type ProblemMessage, type SentPhoto } from './render';

interface Ready extends PreparedImage {
  url: string;
  name: string;
}

interface Slot {
  photo: Photo;
  root: HTMLElement;
  drop: HTMLElement;
  input: HTMLInputElement;
  camera?: HTMLInputElement;
  preview: HTMLImageElement;
  empty: HTMLElement;
  busy: HTMLElement;
  meta: HTMLElement;
  error: HTMLElement;
  clear: HTMLButtonElement;
  /** The photo being prepared or ready; rejects when the browser cannot read the file. */
  pending?: Promise<Ready>;
  ready?: Ready;
  /** Incremented on every change, so a late preparation of a replaced file is ignored. */
  version: number;
}

const $ = <T extends Element>(root: ParentNode, selector: string): T => {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`verify page: missing ${selector}`);
  return found;
};

const other = (p: Photo): Photo => (p === 'a' ? 'b' : 'a');

export function initVerifyPage(doc: Document = document): void {
  const found = doc.querySelector<HTMLFormElement>('[data-verify-form]');
  if (!found) return;
  const form: HTMLFormElement = found;
  form.classList.add('js');

  const submit = $<HTMLButtonElement>(form, '[data-submit]');
  const progress = $<HTMLElement>(form, '[data-progress]');
  const bar = $<HTMLProgressElement>(form, '[data-progress-bar]');
  const status = $<HTMLElement>(form, '[data-status]');
  const summary = $<HTMLElement>(form, '[data-error-summary]');
  const result = $<HTMLElement>(doc, '[data-result]');

  const slots = {} as Record<Photo, Slot>;
  for (const photo of ['a', 'b'] as const) {
    const root = $<HTMLElement>(form, `[data-slot="${photo}"]`);
    const cameraLabel = root.querySelector<HTMLElement>('[data-camera]');
    cameraLabel?.removeAttribute('hidden'); // shown on coarse pointers only (CSS)
    slots[photo] = {
      photo,
      root,
      drop: $(root, '[data-drop]'),
      input: $(root, '[data-input]'),
      camera: root.querySelector<HTMLInputElement>('[data-camera-input]') ?? undefined,
      preview: $(root, '[data-preview]'),
      empty: $(root, '[data-empty]'),
      busy: $(root, '[data-busy]'),
      meta: $(root, '[data-meta]'),
      error: $(root, '[data-slot-error]'),
      clear: $(root, '[data-clear]'),
      version: 0,
    };
    slots[photo].meta.textContent = 'No photo chosen.';
  }

  let running: AbortController | undefined;

  /* ---------------------------------------------------------------- messages */

  function clearErrors() {
    summary.hidden = true;
    for (const s of Object.values(slots)) {
      s.error.hidden = true;
      s.error.textContent = '';
      s.drop.classList.remove('has-error');
      s.input.removeAttribute('aria-invalid');
    }
  }

  function showError(msg: ProblemMessage, opts: { focus?: boolean } = {}) {
    clearErrors();
    $<HTMLElement>(summary, '[data-error-title]').textContent = msg.title;
    $<HTMLElement>(summary, '[data-error-advice]').textContent = msg.advice;
    const fix = $<HTMLElement>(summary, '[data-error-fix]');
    const link = $<HTMLAnchorElement>(summary, '[data-error-link]');
    if (msg.photo) {
      const s = slots[msg.photo];
      s.error.textContent = msg.title;
      s.error.hidden = false;
      s.drop.classList.add('has-error');
      s.input.setAttribute('aria-invalid', 'true');
      link.textContent = `Choose another ${PHOTO_NAME[msg.photo].replace('Photo', 'photo')}`;
      link.href = `#${s.input.id}`;
      link.dataset.photo = msg.photo;
      fix.hidden = false;
    } else {
      fix.hidden = true;
    }
    summary.dataset.photo = msg.photo ?? '';
    summary.hidden = false;
    if (opts.focus !== false) summary.focus();
  }

  $<HTMLAnchorElement>(summary, '[data-error-link]').addEventListener('click', (e) => {
    e.preventDefault();
    const photo = (e.currentTarget as HTMLElement).dataset.photo as Photo | undefined;
    if (!photo) return;
    slots[photo].input.focus();
    slots[photo].input.click(); // a click is a user gesture: the file chooser may open
  });

  function setStatus(text: string) {
    status.textContent = text;
  }

  function hideResult() {
    result.hidden = true;
    result.replaceChildren();
  }

  /* ---------------------------------------------------------------- photos */

  function resetSlot(s: Slot) {
    s.version++;
    if (s.ready) URL.revokeObjectURL(s.ready.url);
    s.ready = undefined;
    s.pending = undefined;
    s.preview.hidden = true;
    s.preview.removeAttribute('src');
    s.empty.hidden = false;
    s.busy.hidden = true;
    s.drop.classList.remove('has-photo');
    s.clear.hidden = true;
    s.meta.textContent = 'No photo chosen.';
  }

  function choose(s: Slot, file: File | undefined) {
    running?.abort();
    hideResult();
    clearErrors();
    setStatus('');
    resetSlot(s);
    if (!file) return;
    const version = s.version;
    s.empty.hidden = true;
    s.busy.hidden = false;
    s.meta.textContent = file.name;
    s.clear.hidden = false;
    const pending = prepareImage(file).then(
      (p): Ready => {
        const ready: Ready = { ...p, url: URL.createObjectURL(p.blob), name: file.name };
        if (version !== s.version) {
          URL.revokeObjectURL(ready.url);
          return ready;
        }
        s.ready = ready;
        s.preview.src = ready.url;
        s.preview.alt = `Preview of ${PHOTO_NAME[s.photo]}: ${file.name}`;
        s.preview.hidden = false;
        s.busy.hidden = true;
        s.drop.classList.add('has-photo');
        const size = `${p.sourceWidth}×${p.sourceHeight}`;
        s.meta.textContent = p.scaled
          ? `${file.name} · ${size}, sent reduced to ${p.width}×${p.height} (${formatBytes(p.blob.size)})`
          : `${file.name} · ${size} (${formatBytes(p.blob.size)})`;
        return ready;
      },
      (e: unknown) => {
        if (version === s.version) {
          resetSlot(s);
          s.input.value = '';
          showError(unreadableMessage(s.photo), { focus: false });
        }
        throw e;
      },
    );
    pending.catch(() => {}); // reported above; awaited again on submit
    s.pending = pending;
  }

  for (const s of Object.values(slots)) {
    s.input.addEventListener('change', () => choose(s, s.input.files?.[0]));
    s.camera?.addEventListener('change', () => {
      choose(s, s.camera?.files?.[0]);
      if (s.camera) s.camera.value = '';
    });
    s.clear.addEventListener('click', () => {
      running?.abort();
      resetSlot(s);
      s.input.value = '';
      hideResult();
      clearErrors();
      setStatus(`${PHOTO_NAME[s.photo]} removed.`);
      s.input.focus();
    });

    // Drag and drop: a file dropped on a zone fills it; a second file dropped with it fills the other zone if empty.
    let depth = 0;
    s.drop.addEventListener('dragenter', (e) => {
      if (!e.dataTransfer?.types.includes('Files')) return;
      e.preventDefault();
      depth++;
      s.drop.classList.add('is-dragover');
    });
    s.drop.addEventListener('dragover', (e) => {
      if (!e.dataTransfer?.types.includes('Files')) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    });
    s.drop.addEventListener('dragleave', () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) s.drop.classList.remove('is-dragover');
    });
    s.drop.addEventListener('drop', (e) => {
      e.preventDefault();
      depth = 0;
      s.drop.classList.remove('is-dragover');
      const files = [...(e.dataTransfer?.files ?? [])];
      if (!files.length) return;
      choose(s, files[0]);
      const o = slots[other(s.photo)];
      if (files[1] && !o.pending) choose(o, files[1]);
      s.input.focus();
    });
  }

  // A file dropped beside the zones must not replace the page with the photo.
  for (const type of ['dragover', 'drop'] as const) {
    doc.addEventListener(type, (e) => {
      if (!(e.target instanceof Element && e.target.closest('[data-drop]'))) e.preventDefault();
    });
  }

  /* ---------------------------------------------------------------- verify */

  function setBusy(busy: boolean) {
    form.setAttribute('aria-busy', String(busy));
    // aria-disabled rather than disabled: a disabled button would drop keyboard focus to <body>.
    submit.setAttribute('aria-disabled', String(busy));
    progress.hidden = !busy;
  }

  function setProgress(value: number | undefined) {
    if (value === undefined) bar.removeAttribute('value');
    else bar.value = value;
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (form.getAttribute('aria-busy') === 'true') return;
    clearErrors();
    hideResult();

    const missing = (['a', 'b'] as const).filter((p) => !slots[p].pending);
    if (missing.length) {
      showError(
        missing.length === 2
          ? { photo: 'a', title: 'Choose two photos', advice: 'Add a photo in each box: drop it there, or click the box to choose a file.' }
          : { photo: missing[0], title: `${PHOTO_NAME[missing[0]]} is missing`, advice: 'Both photos are needed to compare faces.' },
      );
      return;
    }

    const controller = new AbortController();
    running = controller;
    setBusy(true);
    setProgress(undefined);
    setStatus('Preparing photos…');
    try {
      const prepared = {} as Record<Photo, Ready>;
      for (const p of ['a', 'b'] as const) {
        try {
          prepared[p] = await slots[p].pending!;
        } catch {
          showError(unreadableMessage(p));
          return;
        }
      }
      if (controller.signal.aborted) return;

      setProgress(0);
      setStatus('Uploading photos…');
      const answer = await verifyFaces(prepared.a.blob, prepared.b.blob, {
        signal: controller.signal,
        onUploadProgress: (f) => setProgress(f),
        onUploaded: () => {
          setProgress(undefined);
          setStatus('Analysing faces…');
        },
      });

      const sent = {} as Record<Photo, SentPhoto>;
      for (const p of ['a', 'b'] as const) {
        const r = prepared[p];
        sent[p] = { url: r.url, width: r.width, height: r.height, bytes: r.blob.size, sourceWidth: r.sourceWidth, sourceHeight: r.sourceHeight };
      }
      const { root, heading } = renderResult(answer, sent);
      result.replaceChildren(root);
      result.hidden = false;
      result.dataset.match = String(answer.match);
      setStatus('Done: the result is below.');
      heading.focus({ preventScroll: true });
      result.scrollIntoView({ block: 'start', behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') {
        setStatus('');
        return;
      }
      const problem =
        err instanceof ApiProblem ? err : new ApiProblem({ type: UNEXPECTED_PROBLEM, title: 'Unexpected error', status: 0, detail: String(err) });
      setStatus('');
      showError(problemMessage(problem));
    } finally {
      if (running === controller) running = undefined;
      setBusy(false);
    }
  });
}
