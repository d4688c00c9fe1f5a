// Example tabs: one sample at a time, chosen with the ARIA tabs pattern (arrow keys, Home, End). The
// language chosen holds for every operation on the page and is remembered for the next visit.

const STORAGE_KEY = 'likeness:api-sample';

function remembered(win: Window): string | null {
  try {
    return win.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage blocked: the first tab then
  }
}

function remember(win: Window, id: string): void {
  try {
    win.localStorage.setItem(STORAGE_KEY, id);
  } catch {
    /* storage blocked: the choice lasts for this page only */
  }
}

interface SampleSet {
  root: HTMLElement;
  tabs: HTMLButtonElement[];
  panels: HTMLElement[];
}

function select(set: SampleSet, id: string): boolean {
  const index = set.tabs.findIndex((t) => t.dataset.tab === id);
  if (index < 0) return false;
  set.tabs.forEach((tab, i) => {
    const on = i === index;
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
    set.panels[i].hidden = !on;
  });
  return true;
}

export function initSampleTabs(doc: Document): void {
  const win = doc.defaultView ?? window;
  const sets: SampleSet[] = [];
  for (const root of doc.querySelectorAll<HTMLElement>('[data-samples]')) {
    const list = root.querySelector<HTMLElement>('[data-sample-tabs]');
    const tabs = [...root.querySelectorAll<HTMLButtonElement>('[data-tab]')];
    const panels = tabs.map((t) => root.querySelector<HTMLElement>(`#${CSS.escape(t.getAttribute('aria-controls') ?? '')}`));
    if (!list || !tabs.length || panels.some((p) => !p)) continue;
    list.setAttribute('role', 'tablist');
    tabs.forEach((tab, i) => {
      tab.setAttribute('role', 'tab');
      panels[i]?.setAttribute('role', 'tabpanel');
      panels[i]?.setAttribute('aria-labelledby', tab.id);
    });
    list.hidden = false;
    root.classList.add('tabbed');
    sets.push({ root, tabs, panels: panels as HTMLElement[] });
  }
  if (!sets.length) return;

  const chooseEverywhere = (id: string, anchor?: HTMLElement) => {
    // Keep the tab that was used where it is on screen while sets above it change height.
    const before = anchor?.getBoundingClientRect().top;
    for (const set of sets) select(set, id);
    if (anchor && before !== undefined) win.scrollBy(0, anchor.getBoundingClientRect().top - before);
    remember(win, id);
  };

  const initial = remembered(win);
  for (const set of sets) if (!initial || !select(set, initial)) select(set, set.tabs[0].dataset.tab ?? '');

  for (const set of sets) {
    set.tabs.forEach((tab, i) => {
      tab.addEventListener('click', () => chooseEverywhere(tab.dataset.tab ?? '', tab));
      tab.addEventListener('keydown', (e) => {
        const last = set.tabs.length - 1;
        const next =
          e.key === 'ArrowRight'
            ? i === last
              ? 0
              : i + 1
            : e.key === 'ArrowLeft'
              ? i === 0
                ? last
                : i - 1
              : e.key === 'Home'
                ? 0
                : e.key === 'End'
                  ? last
                  : -1;
        if (next < 0) return;
        e.preventDefault();
        const target = set.tabs[next];
        chooseEverywhere(target.dataset.tab ?? '', target);
        target.focus();
      });
    });
  }
}
