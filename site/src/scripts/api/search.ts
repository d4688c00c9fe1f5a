// Search over the operations: each word typed must appear in an operation's method, path, summary,
// tag or operationId (data-search, written at build time). Matching operations stay, in the
// contents list and in the page; the other sections step aside until the search is cleared.
// Keys: "/" focuses the field, Enter goes to the first match, Escape clears.
import { revealTarget } from './page';

const words = (query: string) => query.toLowerCase().split(/\s+/).filter(Boolean);
const matches = (haystack: string, terms: string[]) => terms.every((t) => haystack.includes(t));

export function initSearch(doc: Document): void {
  const box = doc.querySelector<HTMLElement>('[data-api-search]');
  const input = doc.querySelector<HTMLInputElement>('[data-api-search-input]');
  const status = doc.querySelector<HTMLElement>('[data-api-search-status]');
  const toc = doc.querySelector<HTMLDetailsElement>('[data-toc]');
  if (!box || !input) return;
  box.hidden = false;

  const entries = [...doc.querySelectorAll<HTMLElement>('.api-toc li[data-search]')];
  const articles = [...doc.querySelectorAll<HTMLElement>('article[data-operation][data-search]')];
  const groups = [...doc.querySelectorAll<HTMLElement>('[data-search-group]')];
  const others = [
    ...doc.querySelectorAll<HTMLElement>('.api-content > section:not(.tag-section), .api-toc .toc-top, .api-toc .toc-schemas'),
  ];
  const empties = [...doc.querySelectorAll<HTMLElement>('[data-search-empty]')];
  const total = articles.length;
  // The contents list's state before a search opened it, to restore when the search is cleared.
  let tocWasOpen: boolean | undefined;

  const apply = () => {
    const terms = words(input.value);
    const on = terms.length > 0;
    let shown = 0;
    for (const el of [...entries, ...articles]) {
      const hit = !on || matches(el.dataset.search ?? '', terms);
      el.toggleAttribute('data-search-hidden', !hit);
      if (hit && el.tagName === 'ARTICLE') shown++;
    }
    for (const g of groups) g.toggleAttribute('data-search-hidden', !g.querySelector('[data-search]:not([data-search-hidden])'));
    for (const el of others) el.toggleAttribute('data-search-hidden', on);
    for (const el of empties) el.hidden = !on || shown > 0;
    if (toc && on && tocWasOpen === undefined) {
      tocWasOpen = toc.open;
      toc.open = true; // the matches, a short list, show in the contents too
    } else if (toc && !on && tocWasOpen !== undefined) {
      toc.open = tocWasOpen;
      tocWasOpen = undefined;
    }
    if (status)
      status.textContent = !on ? `${total} operations` : shown === 0 ? 'No operation matches' : `${shown} of ${total} operations match`;
  };

  input.addEventListener('input', apply);
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && input.value) {
      e.preventDefault();
      input.value = '';
      apply();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const first = articles.find((a) => !a.hasAttribute('data-search-hidden'));
      if (!first) return;
      doc.defaultView?.history.replaceState(null, '', `#${first.id}`);
      revealTarget(doc, first.id)?.scrollIntoView();
      first.querySelector<HTMLElement>('h3 a')?.focus({ preventScroll: true });
    }
  });

  // "/" anywhere but in a field jumps to the search, as on many documentation sites.
  doc.addEventListener('keydown', (e) => {
    if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
    const active = doc.activeElement as HTMLElement | null;
    if (active && (active.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName))) return;
    e.preventDefault();
    input.focus();
    input.select();
  });

  if (input.value) apply(); // the browser restored a query (back/forward)
}
