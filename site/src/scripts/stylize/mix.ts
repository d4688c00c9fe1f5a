// The optional second painting of a style mix: a native <select> ("None" or another painting) and a
// range for its share, 0-100 % in steps of 5. Both are ordinary labelled controls (Tab, arrow keys);
// the share is disabled while no second painting is chosen, and the painting chosen in the picker
// is disabled in the list (a style cannot be mixed with itself). The page sends the mix as
// `style=a:w,b:w` (styleParam in api.ts). Markup: site/src/pages/stylize.astro ([data-mix-setting]),
// hidden until this script runs, so the no-JS form posts the chosen style alone.
import type { MixChoice, StyleInfo } from './api';

export interface MixControl {
  /** Offer `styles` as second paintings, keeping the current choice when it is still there. */
  render(styles: StyleInfo[]): void;
  /** The painting chosen in the picker: it is not offered, and a mix with it is dropped. */
  setPrimary(id: string | undefined): void;
  /** The second painting and its share (0..1), or undefined for no mix. */
  choice(): MixChoice | undefined;
}

export function createMix(root: HTMLElement, onChange: () => void = () => {}): MixControl {
  const select = root.querySelector<HTMLSelectElement>('[data-mix-style]');
  const share = root.querySelector<HTMLInputElement>('[data-mix-share]');
  const output = root.querySelector<HTMLOutputElement>('[data-mix-output]');
  if (!select || !share || !output) throw new Error('stylize page: missing the mix controls');
  let primary: string | undefined;

  function showShare() {
    const text = `${share!.value}%`;
    output!.value = text;
    share!.setAttribute('aria-valuetext', text);
  }

  /** The share only applies to a chosen painting. */
  function sync() {
    share!.disabled = select!.value === '';
  }

  function setPrimary(id: string | undefined) {
    primary = id;
    for (const option of select!.options) option.disabled = option.value !== '' && option.value === id;
    if (select!.value !== '' && select!.value === id) {
      select!.value = '';
      sync();
    }
  }

  select.addEventListener('change', () => {
    sync();
    onChange();
  });
  share.addEventListener('input', showShare);
  share.addEventListener('change', onChange);
  root.hidden = false;
  showShare();
  sync();

  return {
    render(styles) {
      const keep = select.value;
      const none = select.options[0];
      const options = styles.map((s) => {
        const option = document.createElement('option');
        option.value = s.id;
        option.textContent = s.title; // text only, never HTML from the server
        return option;
      });
      select.replaceChildren(none, ...options);
      select.value = styles.some((s) => s.id === keep) ? keep : '';
      setPrimary(primary);
      sync();
    },
    setPrimary,
    choice() {
      if (select.value === '' || select.value === primary) return undefined;
      return { id: select.value, share: Number(share.value) / 100 };
    },
  };
}
