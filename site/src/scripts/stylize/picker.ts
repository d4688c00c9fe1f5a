// The style picker: one native radio per painting inside the page's <fieldset>, so the group is a
// real radio group (Tab in, arrow keys to move, Space to select) with a thumbnail, title and artist
// on each option. Text is always set with textContent, never HTML from the server.
import type { StyleInfo } from './api';
import { byline } from './messages';

export interface Picker {
  /**
   * Show `styles`, keeping the current choice when it still exists. When the options already on the
   * page (e.g. rendered at build time) show the same styles, they are kept as they are (no flicker,
   * focus stays put).
   */
  render(styles: StyleInfo[]): void;
  /** Take the options rendered at build time (data-* on each option) as the current list; returns them. */
  adopt(): StyleInfo[];
  /** The chosen style, if any. */
  selected(): StyleInfo | undefined;
  /** Select a style by id (as if clicked); returns false when it is not in the list. */
  select(id: string): boolean;
  /** The radio to focus for this group: the checked one, else the first. */
  focusTarget(): HTMLInputElement | undefined;
  setInvalid(invalid: boolean): void;
  readonly styles: StyleInfo[];
}

/** "The Starry Night" -> "TS", for the placeholder when a thumbnail is missing. */
function initials(title: string): string {
  const words = title
    .replace(/^(the|a|an)\s+/i, '')
    .split(/\s+/)
    .filter(Boolean);
  return (words[0]?.[0] ?? '?').toUpperCase() + (words[1]?.[0] ?? '').toUpperCase();
}

/** A stable hue per style id, so placeholders differ from each other. */
function hue(id: string): number {
  let h = 0;
  for (const c of id) h = (h * 31 + c.charCodeAt(0)) % 360;
  return h;
}

function span(cls: string, text?: string): HTMLSpanElement {
  const s = document.createElement('span');
  s.className = cls;
  if (text !== undefined) s.textContent = text;
  return s;
}

function placeholder(style: StyleInfo): HTMLSpanElement {
  const p = span('style-placeholder', initials(style.title));
  p.setAttribute('aria-hidden', 'true');
  p.style.setProperty('--h', String(hue(style.id)));
  return p;
}

function option(style: StyleInfo, name: string, index: number): HTMLLabelElement {
  const label = document.createElement('label');
  label.className = 'style-option';
  label.dataset.styleId = style.id;

  const input = document.createElement('input');
  input.type = 'radio';
  input.name = name;
  input.value = style.id;
  input.className = 'style-radio';
  const metaId = `style-meta-${index}`;
  input.setAttribute('aria-describedby', metaId);

  const thumb = span('style-thumb');
  if (style.thumbnail) {
    const img = document.createElement('img');
    img.alt = '';
    img.width = 160;
    img.height = 160;
    img.decoding = 'async';
    img.loading = index < 8 ? 'eager' : 'lazy';
    img.addEventListener('error', () => img.replaceWith(placeholder(style)), { once: true });
    img.src = style.thumbnail;
    thumb.append(img);
  } else {
    thumb.append(placeholder(style));
  }
  const check = span('style-check');
  check.setAttribute('aria-hidden', 'true');
  thumb.append(check);

  const meta = span('style-meta', byline(style.artist, style.year));
  meta.id = metaId;
  label.append(input, thumb, span('style-name', style.title), meta);
  return label;
}

/**
 * Wire the picker inside `fieldset`: options go into its `[data-style-list]`; `onChange` runs when the
 * user picks a style (not when `render` restores a choice).
 */
export function createPicker(fieldset: HTMLFieldSetElement, onChange: (style: StyleInfo) => void): Picker {
  const list = fieldset.querySelector<HTMLElement>('[data-style-list]');
  if (!list) throw new Error('stylize page: missing [data-style-list]');
  const name = 'style';
  let styles: StyleInfo[] = [];

  const radios = () => [...list.querySelectorAll<HTMLInputElement>(`input[type="radio"][name="${name}"]`)];
  const byId = (id: string) => styles.find((s) => s.id === id);
  const checked = () => radios().find((r) => r.checked);

  /** What an option shows, to tell whether the page already shows a list. */
  const signature = (list: StyleInfo[]) => JSON.stringify(list.map((s) => [s.id, s.title, s.artist, s.year, s.thumbnail ?? '']));

  function markChecked() {
    for (const r of radios()) r.closest('.style-option')?.classList.toggle('is-checked', r.checked);
  }

  list.addEventListener('change', (e) => {
    const input = e.target as HTMLInputElement;
    if (input.name !== name) return;
    markChecked();
    const style = byId(input.value);
    if (style) onChange(style);
  });

  return {
    get styles() {
      return styles;
    },
    adopt() {
      styles = [...list.querySelectorAll<HTMLElement>('.style-option[data-style-id]')].map((el) => ({
        id: el.dataset.styleId!,
        title: el.dataset.title ?? el.dataset.styleId!,
        artist: el.dataset.artist ?? '',
        year: el.dataset.year ?? '',
        licence: el.dataset.licence ?? '',
        thumbnail: el.dataset.thumbnail || undefined,
      }));
      // A build-time thumbnail that fails to load gets the same placeholder as a rendered one.
      for (const img of list.querySelectorAll<HTMLImageElement>('.style-thumb img')) {
        const style = styles.find((x) => x.id === img.closest<HTMLElement>('.style-option')?.dataset.styleId);
        if (!style) continue;
        if (img.complete && img.naturalWidth === 0) img.replaceWith(placeholder(style));
        else img.addEventListener('error', () => img.replaceWith(placeholder(style)), { once: true });
      }
      markChecked();
      return styles;
    },
    render(next) {
      const keep = checked()?.value;
      const same = radios().length === next.length && signature(styles) === signature(next);
      styles = next;
      if (same) {
        list.setAttribute('aria-busy', 'false');
        return;
      }
      list.replaceChildren(...next.map((s, i) => option(s, name, i)));
      const again = keep && radios().find((r) => r.value === keep);
      if (again) again.checked = true;
      markChecked();
      this.setInvalid(fieldset.classList.contains('has-error'));
      list.setAttribute('aria-busy', 'false');
    },
    selected() {
      const id = checked()?.value;
      return id ? byId(id) : undefined;
    },
    select(id) {
      const r = radios().find((x) => x.value === id);
      if (!r) return false;
      r.click();
      return true;
    },
    focusTarget() {
      return checked() ?? radios()[0];
    },
    setInvalid(invalid) {
      fieldset.classList.toggle('has-error', invalid);
      for (const r of radios()) {
        if (invalid) r.setAttribute('aria-invalid', 'true');
        else r.removeAttribute('aria-invalid');
      }
    },
  };
}
