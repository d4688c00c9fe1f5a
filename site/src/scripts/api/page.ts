// Page-wide details of the API reference: which origin the examples name, and the <details> that
// hold the contents list, the schema tables and the schemas.

/**
 * When the site is served from another origin (a preview, wrangler dev), show that origin in the
 * request examples and the base URL (only those: problem type URIs stay as they are). Without JS
 * they keep the production origin, which comes from the layout's data attribute.
 */
export function initSampleOrigin(doc: Document): void {
  const fallback = doc.querySelector<HTMLElement>('[data-fallback-origin]')?.dataset.fallbackOrigin;
  const { location } = doc.defaultView ?? window;
  if (!fallback || !/^https?:$/.test(location.protocol) || location.origin === fallback) return;
  for (const root of doc.querySelectorAll('[data-origin-sample]')) {
    const walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode())
      if (n.nodeValue?.includes(fallback)) n.nodeValue = n.nodeValue.split(fallback).join(location.origin);
  }
}

/** Where the sidebar sits beside the content (api.astro's layout breakpoint): contents open there. */
const WIDE = '(min-width: 60.0625rem)';

/** Open every <details> around (or at) the element a link points at, so the target is on screen. */
export function revealTarget(doc: Document, id: string): HTMLElement | null {
  const target = id ? doc.getElementById(id) : null;
  for (let el: HTMLElement | null = target; el; el = el.parentElement)
    if (el instanceof HTMLDetailsElement && !el.open && !el.hasAttribute('data-toc')) el.open = true;
  return target;
}

export function initDisclosures(doc: Document): void {
  const win = doc.defaultView ?? window;
  const toc = doc.querySelector<HTMLDetailsElement>('[data-toc]');
  if (toc) {
    const wide = win.matchMedia(WIDE);
    toc.open = wide.matches;
    wide.addEventListener('change', () => {
      toc.open = wide.matches;
    });
    // On a phone the list sits above the content: once a link in it is followed, fold it away.
    toc.addEventListener('click', (e) => {
      if (!wide.matches && (e.target as Element).closest('a[href^="#"]')) toc.open = false;
    });
  }

  // A link to a schema or to anything inside a closed <details> (a type in a collapsed table) opens it.
  const reveal = () => {
    const target = revealTarget(doc, decodeURIComponent(win.location.hash.slice(1)));
    target?.scrollIntoView();
  };
  win.addEventListener('hashchange', reveal);
  if (win.location.hash) reveal();
}
