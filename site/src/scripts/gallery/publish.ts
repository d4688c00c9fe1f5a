// The stylize page's "publish to gallery" step. It listens for the `stylize:result` event that
// site/src/scripts/stylize/main.ts dispatches for every finished result, adds a "Publish to
// gallery" button to the result's actions, and shows a small form (title, optional name) that
// sends the stylized image, never the original photo, to POST /v1/gallery. On success it links to
// the picture in the gallery and keeps the delete token in this browser (localStorage) so the
// gallery page can offer "Delete"; the token is also shown once, in a read-only field with a copy button.
// Markup: the [data-publish] section of site/src/pages/stylize.astro.
import type { StylizeResult } from '../stylize/main';
import { initCopyField } from '../shared/clipboard';
import { ApiProblem, asApiProblem, UNEXPECTED_PROBLEM } from '../shared/problem';
import { AUTHOR_MAX, MAX_PUBLISH_BYTES, TITLE_MAX, galleryMessage, publishImage, rememberOwned } from './api';

const $ = <T extends Element>(root: ParentNode, selector: string): T => {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`publish step: missing ${selector}`);
  return found;
};

/** The image as the API accepts it: as is when small enough, else re-encoded as JPEG in a canvas. */
async function uploadable(result: StylizeResult): Promise<{ blob: Blob; name: string }> {
  const blob = result.image.blob;
  const ext = result.image.type === 'image/jpeg' ? 'jpg' : result.image.type.replace('image/', '');
  if (blob.size <= MAX_PUBLISH_BYTES - 64 * 1024) return { blob, name: `stylized.${ext}` };
  const bitmap = await createImageBitmap(blob);
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0);
  bitmap.close();
  const jpeg = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.92));
  if (!jpeg)
    throw new ApiProblem({
      type: UNEXPECTED_PROBLEM,
      title: 'Could not prepare the image',
      status: 0,
      detail: 'The picture could not be prepared for upload.',
    });
  return { blob: jpeg, name: 'stylized.jpg' };
}

export function initPublishStep(doc: Document = document): void {
  const section = doc.querySelector<HTMLElement>('[data-publish]');
  const resultWrap = doc.querySelector<HTMLElement>('[data-result]');
  const actions = doc.querySelector<HTMLElement>('[data-result-actions]');
  if (!section || !resultWrap || !actions) return;
  const form = $<HTMLFormElement>(section, '[data-publish-form]');
  const title = $<HTMLInputElement>(form, '[data-publish-title]');
  const author = $<HTMLInputElement>(form, '[data-publish-author]');
  const submit = $<HTMLButtonElement>(form, '[data-publish-submit]');
  const status = $<HTMLElement>(section, '[data-publish-status]');
  const done = $<HTMLElement>(section, '[data-publish-done]');
  const link = $<HTMLAnchorElement>(section, '[data-publish-link]');
  const token = $<HTMLInputElement>(section, '[data-publish-token]');
  initCopyField(token, $<HTMLButtonElement>(section, '[data-publish-copy]'), $<HTMLElement>(section, '[data-publish-copy-status]'));
  title.maxLength = TITLE_MAX;
  author.maxLength = AUTHOR_MAX;

  // The action next to Download: opens (and moves to) the publish form.
  const open = doc.createElement('button');
  open.type = 'button';
  open.className = 'button button-secondary';
  open.dataset.publishOpen = '';
  open.textContent = 'Publish to gallery';
  actions.append(open);

  let result: StylizeResult | undefined;
  let busy = false;

  function setStatus(text: string, error = false) {
    status.textContent = text;
    status.classList.toggle('error', error);
  }

  function reset() {
    form.hidden = false;
    done.hidden = true;
    open.hidden = false;
    setStatus('');
    submit.removeAttribute('aria-disabled');
  }

  doc.addEventListener('stylize:result', (e) => {
    result = (e as CustomEvent<StylizeResult>).detail;
    reset();
    section.hidden = false;
  });

  // A result that goes away (new photo, removed photo) takes the publish step with it.
  new MutationObserver(() => {
    if (resultWrap.hidden) {
      section.hidden = true;
      result = undefined;
    }
  }).observe(resultWrap, { attributes: true, attributeFilter: ['hidden'] });

  open.addEventListener('click', () => {
    section.hidden = false;
    section.scrollIntoView({ block: 'start', behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
    title.focus({ preventScroll: true });
  });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (busy || !result) return;
    const text = title.value.trim();
    if (!text) {
      setStatus('Give your picture a title first.', true);
      title.setAttribute('aria-invalid', 'true');
      title.focus();
      return;
    }
    title.removeAttribute('aria-invalid');
    busy = true;
    submit.setAttribute('aria-disabled', 'true');
    setStatus('Publishing…');
    const r = result;
    try {
      const { blob, name } = await uploadable(r);
      const published = await publishImage(blob, { style: r.style.id, title: text, author: author.value.trim() || undefined }, name);
      if (result !== r) return;
      rememberOwned(published.id, published.delete_token);
      link.href = published.url;
      token.value = published.delete_token;
      form.hidden = true;
      done.hidden = false;
      open.hidden = true;
      setStatus('');
      link.focus();
    } catch (err) {
      const p = asApiProblem(err);
      setStatus(galleryMessage(p), true);
      if (p.field === 'title') title.focus();
      if (p.field === 'author') author.focus();
    } finally {
      busy = false;
      submit.removeAttribute('aria-disabled');
    }
  });
}
