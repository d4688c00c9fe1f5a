// The identify result as DOM: a headline, the photo with every face outlined and named (draw.ts),
// the same as a numbered list of sentences (who, and why against the threshold), the threshold in
// plain words, and the numbers for experts. Text is always set with textContent.
import type { Identification } from './api';
import { identifiedPicture, type PhotoRef } from './draw';
import { distanceText, faceLabel, faceSentence, percent, resultTitle, thresholdText } from './words';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Every face's candidates: person, distance, probability, whether under the bar. */
function expertTable(answer: Identification): HTMLElement {
  const wrap = el('div', 'table-wrap');
  // Scrollable on a phone: reachable and named for keyboard and screen-reader users.
  wrap.tabIndex = 0;
  wrap.setAttribute('role', 'region');
  wrap.setAttribute('aria-label', 'Distances to each person');
  const table = el('table', 'data-table');
  const head = el('tr');
  for (const h of ['Face', 'Person', 'Distance', 'P(same person)', 'Under the bar']) {
    const th = el('th', undefined, h);
    th.scope = 'col';
    head.append(th);
  }
  table.append(el('thead'), el('tbody'));
  table.tHead!.append(head);
  answer.faces.forEach((face, i) => {
    for (const c of face.candidates) {
      const row = el('tr');
      row.append(
        el('td', undefined, String(i + 1)),
        el('td', undefined, c.name),
        el('td', undefined, distanceText(c.distance, answer.threshold.value)),
        el('td', undefined, percent(c.probability)),
        el('td', undefined, c.match ? 'yes' : 'no'),
      );
      table.tBodies[0].append(row);
    }
  });
  wrap.append(table);
  return wrap;
}

export function renderResult(answer: Identification, photo: PhotoRef): { node: HTMLElement; heading: HTMLElement } {
  const node = el('div', 'result-body');
  const heading = el('h3', 'result-title', resultTitle(answer));
  heading.tabIndex = -1;
  heading.dataset.resultTitle = '';
  node.append(heading);

  if (answer.faces.length === 0) {
    node.append(
      el('p', 'result-empty', 'Use a photo where the faces are clearly visible, facing the camera and not too small.'),
      identifiedPicture(photo, [], 'The photo: no face was found'),
    );
    return { node, heading };
  }

  const figure = el('figure', 'result-figure');
  const names = answer.faces.map((f, i) => `${i + 1}: ${f.identity?.name ?? 'unknown'}`).join(', ');
  figure.append(identifiedPicture(photo, answer.faces, `The photo with each face outlined and labelled (${names})`));
  node.append(figure);

  const faces = el('ol', 'face-results');
  answer.faces.forEach((face, i) => {
    const { who, why } = faceSentence(face, answer.threshold);
    const li = el('li', face.identity ? 'face-result known' : 'face-result unknown');
    li.dataset.faceResult = who;
    li.append(el('span', 'face-result-label', `${faceLabel(i, face.box, answer)}: `), el('strong', undefined, who), ` — ${why}`);
    faces.append(li);
  });
  node.append(faces);

  const why = el('div', 'why');
  why.append(el('h4', undefined, 'Why'), el('p', undefined, thresholdText(answer.threshold)));
  node.append(why);

  const details = el('details', 'expert');
  const t = answer.threshold;
  details.append(
    el('summary', undefined, 'The numbers'),
    el(
      'p',
      'expert-intro',
      `Bar (threshold) ${t.value} · rule “${t.rule}” · ${t.compared} people compared · target at most ${t.max_false_identity_rate} false identities · model ${answer.model.id} v${answer.model.version}.`,
    ),
    expertTable(answer),
  );
  node.append(details);
  return { node, heading };
}
