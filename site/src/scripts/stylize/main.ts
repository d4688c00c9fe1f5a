// The stylize page's behaviour: a photo (file input, drag and drop and phone camera through
// ../shared/drop-zone.ts, or pasted) previewed after reduction in the browser, the style catalogue as
// a radio group, an optional second painting to mix in (./mix.ts), strength and colour options,
// upload with progress, then a before/after comparison and a download of the returned image.
// Markup: site/src/pages/stylize.astro (data-* hooks). Without this script the page explains itself.
//
// Extension point: every finished result is dispatched as a `stylize:result` CustomEvent (bubbling,
// from the form) whose detail is a StylizeResult, and the result card's `[data-result-actions]`
// holds the actions on it, so a later step (e.g. publishing to the gallery) can add its own button
// there without touching this flow.
import { createDropZone, type ReadyPhoto } from '../shared/drop-zone';
import { formatBytes } from '../shared/format';
import { ApiProblem, asApiProblem, UNEXPECTED_PROBLEM } from '../shared/problem';
import { fetchStyles, stylizeImage, type StyleInfo, type StylizeOptions } from './api';
import { createCompare } from './compare';
import { createMix } from './mix';
import {
  byline,
  downloadName,
  notAnImageMessage,
  problemMessage,
  stylesUnavailableMessage,
  unreadableMessage,
  type Message,
  type Target,
} from './messages';
import { createPicker } from './picker';

/** A finished stylization: what was sent, with which options, and what came back. */
export interface StylizeResult {
  /** The style, or the mix's style with the largest share (what the picture is filed under). */
  style: StyleInfo;
  /** Every style sent, with its share (one entry at 1, or the two of a mix). */
  styles: { style: StyleInfo; share: number }[];
  options: StylizeOptions;
  /** The photo as uploaded (reduced, upright, JPEG) and its object URL. */
  source: ReadyPhoto;
  /** The returned image, its object URL, media type and pixel size. */
  image: { blob: Blob; url: string; type: string; width: number; height: number };
  /** Suggested file name for saving the image. */
  filename: string;
}

declare global {
  interface HTMLElementEventMap {
    'stylize:result': CustomEvent<StylizeResult>;
  }
}

const $ = <T extends Element>(root: ParentNode, selector: string): T => {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`stylize page: missing ${selector}`);
  return found;
};

const percent = (v: number) => `${Math.round(v * 100)}%`;

/** "The Scream" or "The Scream (70%) and Udnie (30%)", `describe` naming each style. */
function styleNames(styles: StylizeResult['styles'], describe: (s: StyleInfo) => string): string {
  if (styles.length === 1) return describe(styles[0].style);
  return styles.map((s) => `${describe(s.style)} (${percent(s.share)})`).join(' and ');
}
const reducedMotion = () => matchMedia('(prefers-reduced-motion: reduce)').matches;

export function initStylizePage(doc: Document = document): void {
  const found = doc.querySelector<HTMLFormElement>('[data-stylize-form]');
  if (!found) return;
  const form: HTMLFormElement = found;
  form.classList.add('js');

  // Styles
  const fieldset = $<HTMLFieldSetElement>(form, '[data-style-fieldset]');
  const stylesLoading = $<HTMLElement>(form, '[data-styles-loading]');
  const stylesError = $<HTMLElement>(form, '[data-styles-error]');
  const stylesErrorText = $<HTMLElement>(form, '[data-styles-error-text]');
  const stylesRetry = $<HTMLButtonElement>(form, '[data-styles-retry]');
  const caption = $<HTMLElement>(form, '[data-style-caption]');
  // Options
  const strength = $<HTMLInputElement>(form, '[data-strength]');
  const strengthOut = $<HTMLOutputElement>(form, '[data-strength-output]');
  const preserve = $<HTMLInputElement>(form, '[data-preserve]');
  // Run
  const submit = $<HTMLButtonElement>(form, '[data-submit]');
  const cancel = $<HTMLButtonElement>(form, '[data-cancel]');
  const progress = $<HTMLElement>(form, '[data-progress]');
  const bar = $<HTMLProgressElement>(form, '[data-progress-bar]');
  const status = $<HTMLElement>(form, '[data-status]');
  const summary = $<HTMLElement>(form, '[data-error-summary]');
  // Result
  const resultWrap = $<HTMLElement>(doc, '[data-result]');
  const resultTitle = $<HTMLElement>(resultWrap, '[data-result-title]');
  const resultMeta = $<HTMLElement>(resultWrap, '[data-result-meta]');
  const download = $<HTMLAnchorElement>(resultWrap, '[data-download]');
  const downloadLabel = $<HTMLElement>(resultWrap, '[data-download-label]');
  const compare = createCompare($<HTMLElement>(resultWrap, '[data-compare]'));

  let running: AbortController | undefined;
  let result: StylizeResult | undefined;

  /* ---------------------------------------------------------------- photo */

  /** The photo changes: what was shown for the old one goes. */
  function photoChanged() {
    running?.abort();
    hideResult();
    clearErrors();
    setStatus('');
  }

  const photo = createDropZone($<HTMLElement>(form, '[data-photo-step]'), {
    photoName: 'your photo',
    onChange: photoChanged,
    accept(file, name) {
      if (!file.type || file.type.startsWith('image/')) return true;
      showError(notAnImageMessage(name), { focus: false });
      return false;
    },
    onUnreadable: (name) => showError(unreadableMessage(name), { focus: false }),
    onRemoved() {
      photoChanged();
      setStatus('Photo removed.');
    },
  });
  const input = photo.input;

  /* ---------------------------------------------------------------- messages */

  const targets: Record<Target, { mark(on: boolean): void; focus(): void; label: string }> = {
    photo: {
      label: 'Choose another photo',
      mark: (on) => photo.markInvalid(on),
      focus() {
        input.focus();
        input.click(); // a click is a user gesture: the file chooser may open
      },
    },
    style: {
      label: 'Choose a style',
      mark: (on) => picker.setInvalid(on),
      focus: () => picker.focusTarget()?.focus(),
    },
    strength: {
      label: 'Adjust the strength',
      mark(on) {
        strength.closest('.setting')?.classList.toggle('has-error', on);
        if (on) strength.setAttribute('aria-invalid', 'true');
        else strength.removeAttribute('aria-invalid');
      },
      focus: () => strength.focus(),
    },
    preserve_colors: {
      label: 'Change the colour setting',
      mark(on) {
        preserve.closest('.setting')?.classList.toggle('has-error', on);
        if (on) preserve.setAttribute('aria-invalid', 'true');
        else preserve.removeAttribute('aria-invalid');
      },
      focus: () => preserve.focus(),
    },
  };

  /** The control the message on show is about. */
  let errorTarget: Target | undefined;

  function clearErrors() {
    summary.hidden = true;
    errorTarget = undefined;
    delete summary.dataset.kind;
    for (const t of Object.values(targets)) t.mark(false);
  }

  function showError(msg: Message, opts: { focus?: boolean } = {}) {
    clearErrors();
    $<HTMLElement>(summary, '[data-error-title]').textContent = msg.title;
    $<HTMLElement>(summary, '[data-error-advice]').textContent = msg.advice;
    const fix = $<HTMLElement>(summary, '[data-error-fix]');
    const link = $<HTMLAnchorElement>(summary, '[data-error-link]');
    if (msg.target) {
      const t = targets[msg.target];
      t.mark(true);
      link.textContent = t.label;
      link.href =
        msg.target === 'photo'
          ? `#${input.id}`
          : msg.target === 'style'
            ? '#stylize-form'
            : `#${msg.target === 'strength' ? strength.id : preserve.id}`;
      link.dataset.target = msg.target;
      fix.hidden = false;
    } else {
      fix.hidden = true;
    }
    errorTarget = msg.target;
    summary.dataset.kind = msg.kind;
    summary.hidden = false;
    if (opts.focus !== false) summary.focus();
  }

  $<HTMLAnchorElement>(summary, '[data-error-link]').addEventListener('click', (e) => {
    e.preventDefault();
    const target = (e.currentTarget as HTMLElement).dataset.target as Target | undefined;
    if (target) targets[target].focus();
  });

  const setStatus = (text: string) => {
    status.textContent = text;
  };

  /* ---------------------------------------------------------------- result */

  function hideResult() {
    resultWrap.hidden = true;
    compare.clear();
    if (result) URL.revokeObjectURL(result.image.url);
    result = undefined;
    download.href = '#';
  }

  function imageSize(url: string): Promise<{ width: number; height: number }> {
    const img = new Image();
    img.src = url;
    return img.decode().then(() => ({ width: img.naturalWidth, height: img.naturalHeight }));
  }

  async function showResult(r: StylizeResult) {
    result = r;
    resultTitle.textContent = `Your photo as ${styleNames(r.styles, (s) => `“${s.title}”`)}`;
    const parts = [...r.styles.map((s) => byline(s.style.artist, s.style.year)), `strength ${percent(r.options.strength)}`];
    if (r.options.preserveColors) parts.push('your colours kept');
    parts.push(`${r.image.width}×${r.image.height} ${r.image.type.replace('image/', '').toUpperCase()}, ${formatBytes(r.image.blob.size)}`);
    resultMeta.textContent = parts.filter(Boolean).join(' · ');
    download.href = r.image.url;
    download.download = r.filename;
    download.type = r.image.type;
    downloadLabel.textContent = `Download ${r.image.type === 'image/jpeg' ? 'JPEG' : r.image.type.replace('image/', '').toUpperCase()}`;
    resultWrap.hidden = false;
    await compare.show({
      beforeUrl: r.source.url,
      afterUrl: r.image.url,
      width: r.image.width,
      height: r.image.height,
      beforeAlt: `Before: your photo, ${r.source.name}`,
      afterAlt: `After: your photo repainted in ${r.styles.length > 1 ? 'a mix of the styles of' : 'the style of'} ${styleNames(
        r.styles,
        (s) => `${s.title}${s.artist ? ` by ${s.artist}` : ''}`,
      )}`,
    });
  }

  // Pasting an image (e.g. a screenshot) anywhere on the page chooses it, unless typing in a field.
  doc.addEventListener('paste', (e) => {
    const t = e.target as HTMLElement | null;
    if (
      t &&
      (t.isContentEditable ||
        (t instanceof HTMLInputElement && !['file', 'radio', 'checkbox', 'range'].includes(t.type)) ||
        t instanceof HTMLTextAreaElement)
    )
      return;
    const file = [...(e.clipboardData?.files ?? [])].find((f) => f.type.startsWith('image/'));
    if (!file) return;
    e.preventDefault();
    photo.choose(file);
  });

  /* ---------------------------------------------------------------- styles */

  function describeStyle(s: StyleInfo | undefined) {
    caption.replaceChildren();
    if (!s) return;
    const strong = doc.createElement('strong');
    strong.textContent = s.title;
    const rest = [byline(s.artist, s.year), s.licence].filter(Boolean).join(' · ');
    caption.append(strong, rest ? ` — ${rest}` : '');
  }

  const picker = createPicker(fieldset, (s) => {
    describeStyle(s);
    mix.setPrimary(s.id);
    targets.style.mark(false);
    if (!summary.hidden && errorTarget === 'style') clearErrors();
  });
  const mix = createMix($<HTMLElement>(form, '[data-mix-setting]'), () => {
    if (!summary.hidden && errorTarget === 'style') clearErrors();
  });

  let stylesLoad: Promise<boolean> | undefined;
  // Options rendered at build time are usable at once; the API's list then refreshes them.
  const prerendered = fieldset.querySelector('[data-style-list]')?.hasAttribute('data-prerendered') ? picker.adopt() : [];
  if (prerendered.length) {
    fieldset.dataset.state = 'prerendered';
    describeStyle(picker.selected());
    mix.setPrimary(picker.selected()?.id);
  }

  /** Load (or reload) the catalogue; resolves true when styles are shown. */
  function loadStyles(): Promise<boolean> {
    const quiet = prerendered.length > 0; // a list is already shown: refresh silently
    stylesLoading.hidden = quiet;
    stylesError.hidden = true;
    if (!quiet) fieldset.dataset.state = 'loading';
    stylesLoad = fetchStyles().then(
      (styles) => {
        stylesLoading.hidden = true;
        if (!styles.length) {
          stylesErrorText.textContent = 'No styles are available right now.';
          stylesError.hidden = false;
          fieldset.dataset.state = 'empty';
          picker.render([]);
          return false;
        }
        picker.render(styles);
        mix.render(styles);
        fieldset.dataset.state = 'ready';
        if (!picker.selected()) picker.select(styles[0].id);
        describeStyle(picker.selected());
        mix.setPrimary(picker.selected()?.id);
        return true;
      },
      (e: unknown) => {
        stylesLoading.hidden = true;
        if (quiet) {
          fieldset.dataset.state = 'prerendered'; // keep the build-time list; a real problem shows on Stylize
          return true;
        }
        const p = asApiProblem(e);
        const msg = stylesUnavailableMessage(p);
        stylesErrorText.textContent = `${msg.title}. ${msg.advice}`;
        stylesError.hidden = false;
        fieldset.dataset.state = 'error';
        return false;
      },
    );
    return stylesLoad;
  }

  stylesRetry.addEventListener('click', () => {
    void loadStyles().then((ok) => {
      if (ok) picker.focusTarget()?.focus();
    });
  });

  /* ---------------------------------------------------------------- options */

  function showStrength() {
    const text = percent(Number(strength.value));
    strengthOut.value = text;
    strength.setAttribute('aria-valuetext', text);
  }
  strength.addEventListener('input', showStrength);
  for (const [el, target] of [
    [strength, 'strength'],
    [preserve, 'preserve_colors'],
  ] as const) {
    el.addEventListener('change', () => {
      if (errorTarget === target) clearErrors();
    });
  }
  showStrength();

  /* ---------------------------------------------------------------- stylize */

  function setBusy(on: boolean) {
    form.setAttribute('aria-busy', String(on));
    // aria-disabled rather than disabled: a disabled button would drop keyboard focus to <body>.
    submit.setAttribute('aria-disabled', String(on));
    progress.hidden = !on;
    cancel.hidden = !on;
  }

  function setProgress(value: number | undefined) {
    if (value === undefined) bar.removeAttribute('value');
    else bar.value = value;
  }

  cancel.addEventListener('click', () => {
    running?.abort();
    submit.focus();
  });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (form.getAttribute('aria-busy') === 'true') return;
    clearErrors();

    const pending = photo.pending;
    if (!pending) {
      showError({
        kind: 'missing-image',
        target: 'photo',
        title: 'Choose a photo first',
        advice: 'Drop a photo in the box, or click it to choose a file.',
      });
      return;
    }
    if (!picker.styles.length && stylesLoad) await stylesLoad;
    const style = picker.selected();
    if (!style) {
      showError({
        kind: 'missing-style',
        target: 'style',
        title: 'Choose a style',
        advice: picker.styles.length
          ? 'Pick one of the paintings, then press Stylize again.'
          : 'The styles could not be loaded: press Retry under “Painting style”.',
      });
      return;
    }

    const controller = new AbortController();
    running = controller;
    setBusy(true);
    setProgress(undefined);
    setStatus('Preparing your photo…');
    const mixChoice = mix.choice();
    const second = mixChoice && picker.styles.find((s) => s.id === mixChoice.id);
    const options: StylizeOptions = {
      style: style.id,
      ...(second && mixChoice ? { mix: mixChoice } : {}),
      strength: Number(strength.value),
      preserveColors: preserve.checked,
    };
    // What is sent: a share of 0 or 100 % is one style (styleParam in api.ts).
    const sent =
      second && mixChoice && mixChoice.share > 0
        ? mixChoice.share < 1
          ? [
              { style, share: 1 - mixChoice.share },
              { style: second, share: mixChoice.share },
            ]
          : [{ style: second, share: 1 }]
        : [{ style, share: 1 }];
    const main = sent.reduce((a, b) => (b.share > a.share ? b : a)).style;
    try {
      let source: ReadyPhoto;
      try {
        source = await pending;
      } catch {
        showError(unreadableMessage(photo.meta.textContent || 'The photo'));
        return;
      }
      if (controller.signal.aborted) return;

      setProgress(0);
      setStatus('Uploading your photo…');
      const answer = await stylizeImage(source.blob, options, {
        signal: controller.signal,
        onUploadProgress: (f) => setProgress(f),
        onUploaded: () => {
          setProgress(undefined);
          setStatus(
            sent.length > 1
              ? `Painting in a mix of ${sent.map((s) => s.style.title).join(' and ')}…`
              : `Painting in the style of ${main.title}…`,
          );
        },
        onDownloadProgress: (f) => setProgress(f),
      });
      if (controller.signal.aborted) return;

      const url = URL.createObjectURL(answer.blob);
      let size: { width: number; height: number };
      try {
        size = await imageSize(url);
      } catch {
        URL.revokeObjectURL(url);
        throw new ApiProblem({
          type: UNEXPECTED_PROBLEM,
          title: 'Unexpected response',
          status: 200,
          detail: 'The image sent back could not be shown.',
        });
      }
      hideResult();
      const r: StylizeResult = {
        style: main,
        styles: sent,
        options,
        source,
        image: { blob: answer.blob, url, type: answer.type, ...size },
        filename: downloadName(source.name, sent.map((s) => s.style.id).join('-'), answer.type),
      };
      await showResult(r);
      setStatus('Done: your stylized photo is below.');
      resultTitle.focus({ preventScroll: true });
      resultWrap.scrollIntoView({ block: 'start', behavior: reducedMotion() ? 'auto' : 'smooth' });
      form.dispatchEvent(new CustomEvent<StylizeResult>('stylize:result', { detail: r, bubbles: true }));
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') {
        setStatus('Cancelled.');
        return;
      }
      const problem = asApiProblem(err);
      setStatus('');
      const msg = problemMessage(problem);
      showError(msg);
      if (msg.kind === 'unknown-style') void loadStyles();
    } finally {
      if (running === controller) running = undefined;
      setBusy(false);
    }
  });

  void loadStyles();
}
