// The gallery page's behaviour: filters (style, sort) kept in the URL, a grid of thumbnails loaded
// page by page (keyset cursor) as the end of the list scrolls into view or "Load more" is pressed,
// and a detail dialog (?item=<id>, so pictures can be linked) with like, report and, for pictures
// published from this browser (marked "Yours": it keeps their delete tokens), delete. An item that
// cannot be shown (deleted, hidden, a wrong link) gets a message and a way back instead of the
// picture's controls. Markup: site/src/pages/gallery.astro.
//
// Everything a visitor wrote (titles, names) is set with textContent or as an attribute value:
// never parsed as HTML.
import { type ApiProblem, asApiProblem } from '../shared/problem';
import {
  deleteItem,
  forgetOwned,
  galleryMessage,
  getItem,
  listGallery,
  ownedToken,
  reportItem,
  setLike,
  type GalleryItem,
  type GallerySort,
} from './api';

const $ = <T extends Element>(root: ParentNode, selector: string): T => {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`gallery page: missing ${selector}`);
  return found;
};

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export function initGalleryPage(doc: Document = document): void {
  const gridEl = doc.querySelector<HTMLUListElement>('[data-grid]');
  if (!gridEl) return;
  const grid = gridEl;
  const filters = $<HTMLFormElement>(doc, '[data-filters]');
  const styleSelect = $<HTMLSelectElement>(filters, '[data-filter-style]');
  const status = $<HTMLElement>(doc, '[data-status]');
  const more = $<HTMLButtonElement>(doc, '[data-more]');
  const sentinel = $<HTMLElement>(doc, '[data-sentinel]');

  const dialog = $<HTMLDialogElement>(doc, '[data-detail]');
  const detailItem = $<HTMLElement>(dialog, '[data-detail-item]');
  const detailLoading = $<HTMLElement>(dialog, '[data-detail-loading]');
  const missing = $<HTMLElement>(dialog, '[data-detail-missing]');
  const missingTitle = $<HTMLElement>(missing, '[data-missing-title]');
  const missingText = $<HTMLElement>(missing, '[data-missing-text]');
  const missingBack = $<HTMLAnchorElement>(missing, '[data-missing-back]');
  const missingRetry = $<HTMLButtonElement>(missing, '[data-missing-retry]');
  const detailOwned = $<HTMLElement>(dialog, '[data-detail-owned]');
  const detailImg = $<HTMLImageElement>(dialog, '[data-detail-img]');
  const detailTitle = $<HTMLElement>(dialog, '[data-detail-title]');
  const detailAuthor = $<HTMLElement>(dialog, '[data-detail-author]');
  const detailStyle = $<HTMLAnchorElement>(dialog, '[data-detail-style]');
  const detailTime = $<HTMLTimeElement>(dialog, '[data-detail-time]');
  const likeButton = $<HTMLButtonElement>(dialog, '[data-like]');
  const likeLabel = $<HTMLElement>(dialog, '[data-like-label]');
  const likeCount = $<HTMLElement>(dialog, '[data-like-count]');
  const reportToggle = $<HTMLButtonElement>(dialog, '[data-report-toggle]');
  const reportForm = $<HTMLFormElement>(dialog, '[data-report-form]');
  const reportReason = $<HTMLSelectElement>(dialog, '[data-report-reason]');
  const download = $<HTMLAnchorElement>(dialog, '[data-download]');
  const deleteButton = $<HTMLButtonElement>(dialog, '[data-delete]');
  const deleteConfirm = $<HTMLElement>(dialog, '[data-delete-confirm]');
  const detailStatus = $<HTMLElement>(dialog, '[data-detail-status]');

  const params = new URLSearchParams(location.search);
  const knownStyles = new Set([...styleSelect.options].map((o) => o.value).filter(Boolean));
  let style = params.get('style') ?? '';
  if (style && !knownStyles.has(style)) style = '';
  let sort: GallerySort = params.get('sort') === 'top' ? 'top' : 'new';
  const pageSize = Math.min(100, Math.max(1, Number(params.get('limit')) || 24));
  styleSelect.value = style;
  for (const radio of filters.querySelectorAll<HTMLInputElement>('input[name="sort"]')) radio.checked = radio.value === sort;

  /* ---------------------------------------------------------------- the grid */

  let cursor: string | null = null;
  let exhausted = false;
  let loading: AbortController | undefined;
  let generation = 0;
  const shown = new Map<string, GalleryItem>();

  function setStatus(text: string, error = false) {
    status.textContent = text;
    status.classList.toggle('error', error);
  }

  function yoursBadge(): HTMLSpanElement {
    const badge = doc.createElement('span');
    badge.className = 'yours-badge';
    badge.textContent = 'Yours';
    badge.title = 'Published from this browser, which keeps its delete token';
    return badge;
  }

  function exampleBadge(): HTMLSpanElement {
    const badge = doc.createElement('span');
    badge.className = 'example-badge';
    badge.textContent = 'Example';
    badge.title = 'An example picture made by Likeness from a public-domain photo, not published by a visitor';
    return badge;
  }

  function tile(item: GalleryItem): HTMLLIElement {
    const li = doc.createElement('li');
    const a = doc.createElement('a');
    a.className = 'tile';
    a.href = `/gallery?item=${encodeURIComponent(item.id)}`;
    a.dataset.itemId = item.id;
    const img = doc.createElement('img');
    img.src = item.thumb_url;
    img.alt = item.title;
    img.width = item.thumb_width;
    img.height = item.thumb_height;
    img.loading = 'lazy';
    img.decoding = 'async';
    const title = doc.createElement('span');
    title.className = 'tile-title';
    title.textContent = item.title;
    // Seeded examples are marked so nobody mistakes them for what visitors published.
    if (item.example) title.append(' ', exampleBadge());
    const meta = doc.createElement('span');
    meta.className = 'tile-meta';
    const styleName = doc.createElement('span');
    styleName.textContent = item.style_title;
    const likes = doc.createElement('span');
    likes.dataset.tileLikes = '';
    likes.textContent = `♥ ${item.likes}`;
    likes.setAttribute('aria-label', `${item.likes} ${item.likes === 1 ? 'like' : 'likes'}`);
    meta.append(styleName, likes);
    a.append(img, title);
    // Who made it (when they gave a name), and whether this browser published it.
    const owned = !!ownedToken(item.id);
    if (item.author || owned) {
      const byline = doc.createElement('span');
      byline.className = 'tile-byline';
      if (item.author) {
        const author = doc.createElement('span');
        author.className = 'tile-author';
        author.textContent = `by ${item.author}`;
        byline.append(author);
      }
      if (owned) byline.append(yoursBadge());
      a.append(byline);
    }
    a.append(meta);
    a.addEventListener('click', (e) => {
      if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
      e.preventDefault();
      void openItem(item.id, { push: true, known: shown.get(item.id) });
    });
    li.append(a);
    return li;
  }

  async function loadMore() {
    if (loading || exhausted) return;
    const mine = generation;
    const controller = new AbortController();
    loading = controller;
    more.hidden = true;
    setStatus(shown.size ? 'Loading more…' : 'Loading…');
    grid.setAttribute('aria-busy', 'true');
    try {
      const page = await listGallery({ style: style || undefined, sort, cursor, limit: pageSize, signal: controller.signal });
      if (mine !== generation) return;
      for (const item of page.items) {
        if (shown.has(item.id)) continue;
        shown.set(item.id, item);
        grid.append(tile(item));
      }
      cursor = page.next_cursor;
      exhausted = !cursor;
      more.hidden = exhausted;
      if (!shown.size)
        setStatus(
          style
            ? 'No pictures in this style yet. Make the first one on the Stylize page.'
            : 'No pictures yet. Make the first one on the Stylize page.',
        );
      else
        setStatus(
          exhausted
            ? `${shown.size} ${shown.size === 1 ? 'picture' : 'pictures'}.`
            : `${shown.size} pictures shown; more load as you scroll.`,
        );
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') return;
      if (mine !== generation) return;
      setStatus(galleryMessage(asApiProblem(e)), true);
      more.hidden = false;
      more.textContent = 'Try again';
    } finally {
      if (loading === controller) loading = undefined;
      grid.removeAttribute('aria-busy');
      if (mine === generation && !exhausted && !more.hidden) more.textContent = 'Load more';
    }
    // A short first page may leave the sentinel on screen: keep filling.
    if (mine === generation && !exhausted && sentinelVisible) void loadMore();
  }

  function reset() {
    generation++;
    loading?.abort();
    loading = undefined;
    cursor = null;
    exhausted = false;
    shown.clear();
    grid.replaceChildren();
    void loadMore();
  }

  /** The gallery's URL for the current filters, with an item open or not. */
  function galleryUrl(item?: string | null): string {
    const q = new URLSearchParams();
    if (style) q.set('style', style);
    if (sort !== 'new') q.set('sort', sort);
    if (pageSize !== 24) q.set('limit', String(pageSize));
    if (item) q.set('item', item);
    return `/gallery${q.size ? `?${q}` : ''}`;
  }

  function syncUrl(item?: string | null, push = false) {
    const url = galleryUrl(item);
    if (push) history.pushState({ item: item ?? null }, '', url);
    else history.replaceState({ item: item ?? null }, '', url);
  }

  filters.addEventListener('change', () => {
    style = styleSelect.value;
    sort = (filters.querySelector<HTMLInputElement>('input[name="sort"]:checked')?.value as GallerySort) ?? 'new';
    syncUrl(currentId);
    reset();
  });
  filters.addEventListener('submit', (e) => e.preventDefault());
  more.addEventListener('click', () => void loadMore());

  let sentinelVisible = false;
  if ('IntersectionObserver' in window) {
    new IntersectionObserver(
      (entries) => {
        sentinelVisible = entries.some((e) => e.isIntersecting);
        if (sentinelVisible) void loadMore();
      },
      { rootMargin: '400px 0px' },
    ).observe(sentinel);
  }

  /* ---------------------------------------------------------------- the detail view */

  let current: GalleryItem | undefined;
  let currentId: string | null = null;

  function setDetailStatus(text: string, error = false) {
    detailStatus.textContent = text;
    detailStatus.classList.toggle('error', error);
  }

  function showLike(item: GalleryItem) {
    likeButton.setAttribute('aria-pressed', String(!!item.liked));
    likeLabel.textContent = item.liked ? 'Liked' : 'Like';
    likeCount.textContent = String(item.likes);
    likeButton.setAttribute('aria-label', `${item.liked ? 'Liked' : 'Like'} (${item.likes} ${item.likes === 1 ? 'like' : 'likes'})`);
  }

  /** Which part of the dialog shows: the picture, a loading line, or the missing-item message. */
  function showPane(pane: 'item' | 'loading' | 'missing') {
    detailItem.hidden = pane !== 'item';
    detailLoading.hidden = pane !== 'loading';
    missing.hidden = pane !== 'missing';
    dialog.setAttribute('aria-labelledby', pane === 'missing' ? missingTitle.id : detailTitle.id);
  }

  /**
   * The item cannot be shown: say why and offer the way back, with none of the picture's controls.
   * Not found covers deleted, hidden after reports and never published (the API does not say which).
   */
  function showMissing(id: string, p: ApiProblem) {
    current = undefined;
    const gone = p.kind === 'gallery-item-not-found' || p.status === 404;
    missingTitle.textContent = gone ? 'This picture is not in the gallery' : 'This picture could not be loaded';
    missingText.textContent = gone
      ? 'It was deleted by the person who published it, or hidden after reports, or the link is wrong and it never existed.'
      : galleryMessage(p);
    missingRetry.hidden = gone;
    missingRetry.dataset.itemId = id;
    missingBack.href = galleryUrl(null);
    showPane('missing');
    if (gone) removeTile(id);
  }

  function render(item: GalleryItem) {
    current = item;
    showPane('item');
    detailImg.src = item.image_url;
    detailImg.width = item.width;
    detailImg.height = item.height;
    detailImg.alt = `${item.title}, repainted in the style of ${item.style_title}`;
    detailTitle.textContent = item.title;
    if (item.example) detailTitle.append(' ', exampleBadge());
    detailAuthor.textContent = item.author ? `by ${item.author}` : '';
    detailAuthor.hidden = !item.author;
    detailStyle.textContent = item.style_title;
    detailStyle.href = `/gallery?style=${encodeURIComponent(item.style)}`;
    detailTime.dateTime = item.created_at;
    detailTime.textContent = dateFormat.format(new Date(item.created_at));
    download.href = item.image_url;
    download.download = `likeness-${item.id}.jpg`;
    showLike(item);
    detailOwned.hidden = !ownedToken(item.id);
    deleteButton.hidden = !ownedToken(item.id);
    deleteConfirm.hidden = true;
    reportForm.hidden = true;
    reportToggle.hidden = false;
    reportToggle.setAttribute('aria-expanded', 'false');
    likeButton.disabled = false;
  }

  async function openItem(id: string, opts: { push?: boolean; known?: GalleryItem } = {}) {
    currentId = id;
    setDetailStatus('');
    if (opts.known) render(opts.known);
    else {
      current = undefined;
      showPane('loading');
    }
    if (!dialog.open) dialog.showModal();
    if (opts.push !== undefined) syncUrl(id, opts.push);
    try {
      const item = await getItem(id);
      if (currentId !== id) return;
      render(item);
    } catch (e) {
      if (currentId !== id) return;
      const p = asApiProblem(e);
      // A picture already on show stays, with the message, unless it is gone.
      if (!opts.known || p.kind === 'gallery-item-not-found') showMissing(id, p);
      else setDetailStatus(galleryMessage(p), true);
    }
  }

  function closeDetail() {
    // The URL first: the dialog's close event comes a task later (Escape closes it without us).
    if (new URLSearchParams(location.search).has('item')) syncUrl(null);
    if (dialog.open) dialog.close();
  }

  dialog.addEventListener('close', () => {
    const id = currentId;
    currentId = null;
    current = undefined;
    if (new URLSearchParams(location.search).has('item')) syncUrl(null);
    // Back to the tile the dialog was opened from.
    if (id) grid.querySelector<HTMLElement>(`[data-item-id="${CSS.escape(id)}"]`)?.focus();
  });
  $<HTMLButtonElement>(dialog, '[data-close]').addEventListener('click', closeDetail);
  missingBack.addEventListener('click', (e) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    closeDetail();
  });
  missingRetry.addEventListener('click', () => {
    const id = missingRetry.dataset.itemId;
    if (id) void openItem(id);
  });
  dialog.addEventListener('click', (e) => {
    if (e.target === dialog) closeDetail(); // a click on the backdrop
  });
  addEventListener('popstate', () => {
    const id = new URLSearchParams(location.search).get('item');
    if (id) void openItem(id, { known: shown.get(id) });
    else closeDetail();
  });

  function updateTile(item: GalleryItem) {
    shown.set(item.id, { ...(shown.get(item.id) ?? item), likes: item.likes });
    const likes = grid.querySelector<HTMLElement>(`[data-item-id="${CSS.escape(item.id)}"] [data-tile-likes]`);
    if (likes) {
      likes.textContent = `♥ ${item.likes}`;
      likes.setAttribute('aria-label', `${item.likes} ${item.likes === 1 ? 'like' : 'likes'}`);
    }
  }

  function removeTile(id: string) {
    shown.delete(id);
    grid
      .querySelector(`[data-item-id="${CSS.escape(id)}"]`)
      ?.closest('li')
      ?.remove();
  }

  likeButton.addEventListener('click', async () => {
    const item = current;
    if (!item || likeButton.disabled) return;
    likeButton.disabled = true;
    try {
      const answer = await setLike(item.id, !item.liked);
      if (current?.id !== item.id) return;
      current = { ...item, likes: answer.likes, liked: answer.liked };
      showLike(current);
      updateTile(current);
      setDetailStatus('');
    } catch (e) {
      const p = asApiProblem(e);
      if (p.kind === 'gallery-item-not-found' && current?.id === item.id) showMissing(item.id, p);
      else setDetailStatus(galleryMessage(p), true);
    } finally {
      likeButton.disabled = false;
    }
  });

  reportToggle.addEventListener('click', () => {
    const open = reportForm.hidden;
    reportForm.hidden = !open;
    reportToggle.setAttribute('aria-expanded', String(open));
    if (open) reportReason.focus();
  });

  reportForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const item = current;
    if (!item) return;
    const submit = reportForm.querySelector<HTMLButtonElement>('button[type="submit"]');
    if (submit) submit.disabled = true;
    try {
      const answer = await reportItem(item.id, reportReason.value);
      reportForm.hidden = true;
      reportToggle.hidden = true;
      setDetailStatus(
        answer.hidden ? 'Thank you. The picture is now hidden until it is reviewed.' : 'Thank you for the report. It will be reviewed.',
      );
      if (answer.hidden) removeTile(item.id);
    } catch (err) {
      setDetailStatus(galleryMessage(asApiProblem(err)), true);
    } finally {
      if (submit) submit.disabled = false;
    }
  });

  deleteButton.addEventListener('click', () => {
    deleteConfirm.hidden = false;
    $<HTMLButtonElement>(deleteConfirm, '[data-delete-yes]').focus();
  });
  $<HTMLButtonElement>(deleteConfirm, '[data-delete-no]').addEventListener('click', () => {
    deleteConfirm.hidden = true;
    deleteButton.focus();
  });
  $<HTMLButtonElement>(deleteConfirm, '[data-delete-yes]').addEventListener('click', async () => {
    const item = current;
    const token = item && ownedToken(item.id);
    if (!item || !token) return;
    try {
      await deleteItem(item.id, token);
      forgetOwned(item.id);
      removeTile(item.id);
      closeDetail();
      setStatus(`“${item.title}” was deleted.`);
    } catch (err) {
      setDetailStatus(galleryMessage(asApiProblem(err)), true);
    }
  });

  /* ---------------------------------------------------------------- start */

  syncUrl(params.get('item'));
  void loadMore();
  const linked = params.get('item');
  if (linked) void openItem(linked);
}
