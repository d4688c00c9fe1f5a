// Copying text for the visitor: the Clipboard API where the page may use it (secure contexts, a
// user gesture), else the older selection-based copy. And a copy button for a read-only field that
// says "Copied" on itself and to screen readers.

/** Copies `text`; false when neither way worked (the visitor can still select the text and copy it). */
export async function writeClipboard(doc: Document, text: string): Promise<boolean> {
  try {
    await doc.defaultView?.navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = doc.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    doc.body.append(area);
    area.select();
    const ok = doc.execCommand('copy');
    area.remove();
    return ok;
  }
}

const RESET_MS = 2500;

/**
 * Wires `button` to copy the value of the read-only `field`: the button's `[data-copy-label]` says
 * "Copied" for a moment, and `status` (a role="status" region) announces it. Focusing the field
 * selects all of it, for copying by hand.
 */
export function initCopyField(field: HTMLInputElement, button: HTMLButtonElement, status: HTMLElement): void {
  const doc = field.ownerDocument;
  const label = button.querySelector<HTMLElement>('[data-copy-label]') ?? button;
  let timer: number | undefined;
  field.addEventListener('focus', () => field.select());
  button.addEventListener('click', async () => {
    const ok = await writeClipboard(doc, field.value);
    if (!ok) field.focus(); // selects it (above)
    label.textContent = ok ? 'Copied' : 'Copy failed';
    button.toggleAttribute('data-copied', ok);
    // Emptied first, so a second copy is announced again.
    status.textContent = '';
    window.setTimeout(() => {
      status.textContent = ok ? 'Copied' : 'Copy failed: the token is selected, copy it with the keyboard';
    }, 50);
    window.clearTimeout(timer);
    timer = window.setTimeout(() => {
      label.textContent = 'Copy';
      button.removeAttribute('data-copied');
    }, RESET_MS);
  });
}
