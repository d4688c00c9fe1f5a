// The API reference's behaviour (site/src/pages/api.astro). Everything here is an enhancement: the
// page is complete without it (every sample shown, every section reachable by the contents list).
import { initCopyButtons } from './copy';
import { initSampleOrigin, initDisclosures } from './page';
import { initSearch } from './search';
import { initSampleTabs } from './tabs';

export function initApiReference(doc: Document = document): void {
  const layout = doc.querySelector<HTMLElement>('.api-layout');
  if (!layout) return;
  layout.classList.add('js');
  initSampleOrigin(doc);
  initDisclosures(doc);
  initSampleTabs(doc);
  initCopyButtons(doc);
  initSearch(doc);
}
