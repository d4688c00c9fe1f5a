// The verify page's behaviour: two photo fields (../shared/drop-zone.ts: file input, drag and drop,
// phone camera, previews of the reduced photos), upload with progress, then the result or a message
// naming the photo at fault.
// Markup: site/src/pages/verify.astro (data-* hooks). Without this script the form posts natively.
import { createDropZone, type DropZone, type ReadyPhoto } from '../shared/drop-zone';
import { ApiProblem, UNEXPECTED_PROBLEM } from '../shared/problem';
import { verifyFaces, type Photo } from './api';
import { PHOTO_NAME, problemMessage, renderResult, unreadableMessage, type ProblemMessage, type SentPhoto } from './render';

interface Slot {
  photo: Photo;
  zone: DropZone;
  /** The message under the field when a problem is about this photo. */
  error: HTMLElement;
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

  let running: AbortController | undefined;

  /** A photo changes: what was shown for the old one goes. */
  function photoChanged() {
    running?.abort();
    hideResult();
    clearErrors();
    setStatus('');
  }

  const slots = {} as Record<Photo, Slot>;
  for (const photo of ['a', 'b'] as const) {
    const root = $<HTMLElement>(form, `[data-slot="${photo}"]`);
    const zone = createDropZone(root, {
      photoName: PHOTO_NAME[photo],
      onChange: photoChanged,
      onUnreadable: () => showError(unreadableMessage(photo), { focus: false }),
      onRemoved() {
        photoChanged();
        setStatus(`${PHOTO_NAME[photo]} removed.`);
      },
      // Two files dropped at once: the second fills the other field if it is empty.
      onExtraFiles([file]) {
        const o = slots[other(photo)].zone;
        if (!o.pending) o.choose(file);
      },
    });
    slots[photo] = { photo, zone, error: $(root, '[data-slot-error]') };
  }

  /* ---------------------------------------------------------------- messages */

  function clearErrors() {
    summary.hidden = true;
    for (const s of Object.values(slots)) {
      s.error.hidden = true;
      s.error.textContent = '';
      s.zone.markInvalid(false);
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
      s.zone.markInvalid(true);
      link.textContent = `Choose another ${PHOTO_NAME[msg.photo].replace('Photo', 'photo')}`;
      link.href = `#${s.zone.input.id}`;
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
    slots[photo].zone.input.focus();
    slots[photo].zone.input.click(); // a click is a user gesture: the file chooser may open
  });

  function setStatus(text: string) {
    status.textContent = text;
  }

  function hideResult() {
    result.hidden = true;
    result.replaceChildren();
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

    const missing = (['a', 'b'] as const).filter((p) => !slots[p].zone.pending);
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
      const prepared = {} as Record<Photo, ReadyPhoto>;
      for (const p of ['a', 'b'] as const) {
        try {
          prepared[p] = await slots[p].zone.pending!;
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
        sent[p] = {
          url: r.url,
          width: r.width,
          height: r.height,
          bytes: r.blob.size,
          sourceWidth: r.sourceWidth,
          sourceHeight: r.sourceHeight,
        };
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
        err instanceof ApiProblem
          ? err
          : new ApiProblem({ type: UNEXPECTED_PROBLEM, title: 'Unexpected error', status: 0, detail: String(err) });
      setStatus('');
      showError(problemMessage(problem));
    } finally {
      if (running === controller) running = undefined;
      setBusy(false);
    }
  });
}
