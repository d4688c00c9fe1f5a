// The verify page's behaviour: two photo fields (../shared/drop-zone.ts: file input, drag and drop,
// phone camera, previews of the reduced photos), upload with progress, then the result or a message
// naming the photo at fault. When a photo shows several faces, every face found in it
// (POST /v1/faces/detect) is outlined in the result, and choosing one compares the same photos
// again with that face (a_face / b_face).
// "Where to check" (./where.ts): on our server, as above, or on this device (./device.ts, loaded on
// first use): the same pipeline in this page, on the same photo bytes, so no photo leaves it; face
// choices then detect on the device too. The result says where it ran, and on which engine.
// Markup: site/src/pages/verify.astro (data-* hooks). Without this script the form posts natively.
import { createDropZone, type DropZone, type ReadyPhoto } from '../shared/drop-zone';
import { formatBytes } from '../shared/format';
import { asApiProblem } from '../shared/problem';
import { detectFaces, verifyFaces, type Detection, type Photo, type VerifyResult } from './api';
import type { RanOn } from './ran-on';
import {
  PHOTO_NAME,
  addFaceChoices,
  el,
  fixLinkText,
  missingMessage,
  problemMessage,
  renderResult,
  unreadableMessage,
  type ProblemMessage,
  type SentPhoto,
} from './render';
import { initWhere, type Where } from './where';

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

/** A verified pair, kept so another face can be chosen and the same photos compared again. */
interface Verified {
  prepared: Record<Photo, ReadyPhoto>;
  sent: Record<Photo, SentPhoto>;
  /** The faces the visitor chose (index per photo); none: the most prominent. */
  choices: Partial<Record<Photo, number>>;
  answer: VerifyResult;
  /** Where the answer was computed. */
  ran: RanOn;
}

const sentPhoto = (r: ReadyPhoto): SentPhoto => ({
  url: r.url,
  width: r.width,
  height: r.height,
  bytes: r.blob.size,
  sourceWidth: r.sourceWidth,
  sourceHeight: r.sourceHeight,
});

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
  const where = initWhere(form);

  let running: AbortController | undefined;
  /** The result on show, undefined while none is. */
  let verified: Verified | undefined;
  /** Why a photo field is empty again: its file was refused (the reason is said again on Verify). */
  const refused: Partial<Record<Photo, ProblemMessage>> = {};
  /** Faces found per uploaded photo (and where), so choosing faces again and again detects each photo once. */
  const detections = { server: new WeakMap<Blob, Promise<Detection>>(), device: new WeakMap<Blob, Promise<Detection>>() };

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
      onChange() {
        delete refused[photo];
        photoChanged();
      },
      onUnreadable() {
        refused[photo] = unreadableMessage(photo);
        showError(refused[photo], { focus: false });
      },
      onRemoved() {
        delete refused[photo];
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
      link.textContent = fixLinkText(msg);
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
    verified = undefined;
    result.hidden = true;
    result.removeAttribute('aria-busy');
    result.replaceChildren();
  }

  /* ---------------------------------------------------------------- verify */

  const isBusy = () => form.getAttribute('aria-busy') === 'true';

  function setBusy(busy: boolean) {
    form.setAttribute('aria-busy', String(busy));
    // aria-disabled rather than disabled: a disabled button would drop keyboard focus to <body>.
    submit.setAttribute('aria-disabled', String(busy));
    progress.hidden = !busy;
    if (busy && !result.hidden) result.setAttribute('aria-busy', 'true');
    else result.removeAttribute('aria-busy');
  }

  function setProgress(value: number | undefined) {
    if (value === undefined) bar.removeAttribute('value');
    else bar.value = value;
  }

  const asProblem = (err: unknown) => asApiProblem(err);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (isBusy()) return;
    clearErrors();
    hideResult();

    const missing = (['a', 'b'] as const).filter((p) => !slots[p].zone.pending);
    if (missing.length) {
      showError(missingMessage(missing, refused));
      return;
    }

    const controller = new AbortController();
    running = controller;
    setBusy(true);
    setProgress(undefined);
    setStatus('Preparing photos…');
    const prepared = {} as Record<Photo, ReadyPhoto>;
    for (const p of ['a', 'b'] as const) {
      try {
        prepared[p] = await slots[p].zone.pending!;
      } catch {
        if (running === controller) running = undefined;
        setBusy(false);
        setStatus('');
        showError(unreadableMessage(p));
        return;
      }
    }
    if (controller.signal.aborted) {
      setBusy(false);
      return;
    }
    await compare(controller, prepared, {});
  });

  /** The answer from the server (uploading the photos with progress) or from this device (no upload). */
  async function answerFor(
    mode: Where,
    controller: AbortController,
    prepared: Record<Photo, ReadyPhoto>,
    choices: Partial<Record<Photo, number>>,
  ): Promise<{ answer: VerifyResult; ran: RanOn }> {
    if (mode === 'server') {
      if (!status.textContent) setStatus('Uploading photos…');
      const answer = await verifyFaces(prepared.a.blob, prepared.b.blob, {
        choices,
        signal: controller.signal,
        onUploadProgress: (f) => setProgress(f),
        onUploaded: () => {
          setProgress(undefined);
          setStatus('Analysing faces…');
        },
      });
      return { answer, ran: { where: 'server' } };
    }
    const choosing = status.textContent?.startsWith('Comparing face') ? status.textContent : undefined;
    let said = false;
    const device = await where.device((loaded, total) => {
      if (total === 0 || controller.signal.aborted) return;
      if (!said) setStatus(`Downloading the models for this device (${formatBytes(total)}, once)…`);
      said = true;
      setProgress(loaded / total);
    });
    if (controller.signal.aborted) throw new DOMException('The check was cancelled.', 'AbortError');
    setProgress(undefined);
    setStatus(choosing ?? 'Analysing faces on this device…');
    const bytes = async (p: Photo) => new Uint8Array(await prepared[p].blob.arrayBuffer());
    const { ran, ...answer } = await device.verify({ a: await bytes('a'), b: await bytes('b') }, choices);
    if (controller.signal.aborted) throw new DOMException('The check was cancelled.', 'AbortError');
    return { answer, ran };
  }

  /** Checks the photos (with the chosen faces) where the visitor chose, and shows the answer, or a message naming the photo at fault. */
  async function compare(controller: AbortController, prepared: Record<Photo, ReadyPhoto>, choices: Partial<Record<Photo, number>>) {
    running = controller;
    setBusy(true);
    setProgress(0);
    const mode = where.where();
    try {
      const { answer, ran } = await answerFor(mode, controller, prepared, choices);

      const sent = { a: sentPhoto(prepared.a), b: sentPhoto(prepared.b) };
      const { root, heading } = renderResult(answer, sent, choices, ran);
      result.replaceChildren(root);
      result.hidden = false;
      result.dataset.match = String(answer.match);
      result.dataset.distance = String(answer.distance);
      result.dataset.probability = String(answer.probability);
      result.dataset.ran = ran.where;
      if (ran.where === 'device') result.dataset.engine = `${ran.engine}:${ran.threads}`;
      else delete result.dataset.engine;
      const shown: Verified = { prepared, sent, choices, answer, ran };
      verified = shown;
      setStatus('Done: the result is below.');
      heading.focus({ preventScroll: true });
      result.scrollIntoView({ block: 'start', behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
      offerFaceChoices(shown);
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') {
        setStatus('');
        return;
      }
      hideResult();
      setStatus('');
      showError(problemMessage(asProblem(err)));
    } finally {
      if (running === controller) {
        running = undefined;
        setBusy(false);
      }
    }
  }

  /* ---------------------------------------------------------------- choosing another face */

  /** The photo's faces, found where its result was computed (the same bytes, so the same order). */
  function detectionOf(photo: ReadyPhoto, mode: Where): Promise<Detection> {
    const cache = detections[mode];
    let found = cache.get(photo.blob);
    if (!found) {
      found =
        mode === 'server'
          ? detectFaces(photo.blob)
          : where.device(() => {}).then(async (device) => device.detect(new Uint8Array(await photo.blob.arrayBuffer())));
      cache.set(photo.blob, found);
      found.catch(() => cache.delete(photo.blob)); // a failed look may be tried again later
    }
    return found;
  }

  /** For each photo with several faces, outlines every face found as a button that compares that face instead. */
  function offerFaceChoices(shown: Verified) {
    for (const photo of ['a', 'b'] as const) {
      if (shown.answer.faces[photo].faces_found < 2) continue;
      detectionOf(shown.prepared[photo], shown.ran.where).then(
        (detection) => {
          if (verified !== shown || detection.faces.length < 2) return; // a newer result, or nothing to choose from
          const frame = result.querySelector<HTMLElement>(`.result-frame[data-photo="${photo}"]`);
          const svg = frame?.querySelector<SVGSVGElement>('svg.face-picture');
          if (!frame || !svg) return;
          addFaceChoices(svg, shown.sent[photo], detection.faces, shown.answer.faces[photo].index, {
            photoName: PHOTO_NAME[photo],
            choose: (index) => chooseFace(photo, index),
          });
          frame.parentElement?.querySelector('figcaption')?.append(
            el('span', {
              class: 'face-hint',
              text: 'To compare another face, click or tap its dashed outline (or Tab to it and press Enter).',
            }),
          );
        },
        () => {
          /* no outlines to choose from: the note under the photos still says what to do */
        },
      );
    }
  }

  function chooseFace(photo: Photo, index: number) {
    const shown = verified;
    if (!shown || isBusy()) return;
    clearErrors();
    setStatus(`Comparing face ${index + 1} of ${PHOTO_NAME[photo]}…`);
    void compare(new AbortController(), shown.prepared, { ...shown.choices, [photo]: index });
  }
}
