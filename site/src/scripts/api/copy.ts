// Copy buttons on the examples: each copies the code block it sits in, and says "Copied" on itself
// and to screen readers (a status message).
import { writeClipboard } from '../shared/clipboard';

const RESET_MS = 2000;

function codeFor(button: HTMLElement): string | undefined {
  // Shiki puts each line in its own span, separated by newlines: textContent is the code as written.
  return button.closest('[data-code-block]')?.querySelector('pre')?.textContent ?? undefined;
}

export function initCopyButtons(doc: Document): void {
  const status = doc.createElement('p');
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');
  status.dataset.copyStatus = '';
  doc.body.append(status);

  const timers = new WeakMap<HTMLElement, number>();
  for (const button of doc.querySelectorAll<HTMLButtonElement>('[data-copy]')) {
    button.hidden = false;
    button.addEventListener('click', async () => {
      const text = codeFor(button);
      if (text === undefined) return;
      const ok = await writeClipboard(doc, text);
      const label = button.querySelector<HTMLElement>('[data-copy-text]');
      if (label) label.textContent = ok ? 'Copied' : 'Copy failed';
      button.toggleAttribute('data-copied', ok);
      // Cleared first, so saying the same thing twice is announced twice.
      status.textContent = '';
      window.setTimeout(() => {
        status.textContent = ok ? 'Copied' : 'Copy failed: select the code and copy it';
      }, 50);
      window.clearTimeout(timers.get(button));
      timers.set(
        button,
        window.setTimeout(() => {
          if (label) label.textContent = 'Copy';
          button.removeAttribute('data-copied');
        }, RESET_MS),
      );
    });
  }
}
