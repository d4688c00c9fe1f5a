// Before/after comparison: the original photo and the stylized result stacked in one frame, the
// result clipped from the divider rightwards. The divider is a native range input laid over the
// frame (transparent), so it works with a mouse or finger anywhere on the picture and with the
// keyboard (arrows, Page Up/Down, Home/End), and screen readers announce it as a slider.

export interface CompareView {
  /** Show `beforeUrl` (the photo sent) and `afterUrl` (the result) at the result's size. */
  show(opts: { beforeUrl: string; afterUrl: string; width: number; height: number; beforeAlt: string; afterAlt: string }): Promise<void>;
  /** Divider position, 0..100 (% of the width showing the original). */
  set(position: number): void;
  clear(): void;
}

export function createCompare(root: HTMLElement): CompareView {
  const q = <T extends Element>(sel: string) => {
    const el = root.querySelector<T>(sel);
    if (!el) throw new Error(`stylize page: missing ${sel} in the comparison`);
    return el;
  };
  const before = q<HTMLImageElement>('[data-before]');
  const after = q<HTMLImageElement>('[data-after]');
  const range = q<HTMLInputElement>('[data-compare-range]');

  function set(position: number) {
    const p = Math.min(100, Math.max(0, Number.isFinite(position) ? position : 50));
    range.value = String(p);
    root.style.setProperty('--pos', `${p}%`);
    range.setAttribute(
      'aria-valuetext',
      p <= 0 ? 'All stylized' : p >= 100 ? 'All original' : `${Math.round(p)}% original, ${Math.round(100 - p)}% stylized`,
    );
  }

  range.addEventListener('input', () => set(Number(range.value)));

  // Pointer drags follow the pointer exactly (a native range maps positions through its thumb's width).
  const fromPointer = (e: PointerEvent) => {
    const r = root.getBoundingClientRect();
    if (r.width > 0) set(((e.clientX - r.left) / r.width) * 100);
  };
  range.addEventListener('pointerdown', (e) => {
    if (e.button !== 0) return;
    e.preventDefault();
    range.focus({ preventScroll: true });
    range.setPointerCapture(e.pointerId);
    fromPointer(e);
  });
  range.addEventListener('pointermove', (e) => {
    if (range.hasPointerCapture(e.pointerId)) fromPointer(e);
  });

  const loaded = (img: HTMLImageElement) =>
    img.complete && img.naturalWidth > 0 ? Promise.resolve() : img.decode().catch(() => undefined);

  return {
    async show({ beforeUrl, afterUrl, width, height, beforeAlt, afterAlt }) {
      root.style.setProperty('--w', String(width));
      root.style.setProperty('--h', String(height));
      before.alt = beforeAlt;
      after.alt = afterAlt;
      before.src = beforeUrl;
      after.src = afterUrl;
      set(50);
      await Promise.all([loaded(before), loaded(after)]);
    },
    set,
    clear() {
      before.removeAttribute('src');
      after.removeAttribute('src');
    },
  };
}
