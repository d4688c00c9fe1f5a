// Plain-words rendering of verification results and problems: the verdict, face outlines over the
// uploaded photos, notes about photo quality, the expert details, and one message per problem type.
// Pure DOM, no framework; text is always set with textContent (never HTML from the server).
import { formatBytes } from '../shared/format';
import { NETWORK_PROBLEM, type ApiProblem } from '../shared/problem';
import { photoOfField, type Box, type Face, type Photo, type QualityIssue, type VerifyResult, type VerifyWarning } from './api';
import { engineText, ranOnText, type RanOn } from './ran-on';

export const PHOTO_NAME: Record<Photo, string> = { a: 'Photo A', b: 'Photo B' };

/* ------------------------------------------------------------------ numbers in words */

/** 0.973 -> "97%", never claiming 0% or 100%. */
export function percent(p: number): string {
  if (!Number.isFinite(p)) return '–';
  if (p >= 0.995) return '>99%';
  if (p < 0.005) return '<1%';
  return `${Math.round(p * 100)}%`;
}

/**
 * P(same person) for the expert details, as a percentage with two decimals. The API rounds the
 * probability to 4 decimals, so 1 and 0 only mean "beyond 99.99 %" and "below 0.01 %": never
 * shown as certainty.
 */
export function expertPercent(p: number): string {
  if (!Number.isFinite(p)) return '–';
  if (p >= 0.99995) return '> 99.99 %';
  if (p < 0.00005) return '< 0.01 %';
  return `${(p * 100).toFixed(2)} %`;
}

export interface Verdict {
  /** The headline, e.g. "Same person — 97% probability". */
  title: string;
  /** One sentence under it. */
  summary: string;
  tone: 'match' | 'no-match' | 'uncertain';
}

/**
 * How sure a verdict sounds, by the calibrated probability of the decision (pDecision, below). The
 * probability already says how far a distance is from the threshold (it is fitted on the same
 * pairs), so the wording follows it alone:
 * - below 50 %: the distance decided one way and the probability leans the other: too close to call;
 * - below 75 %: a close call (one in four or worse that it is wrong);
 * - below 95 %: likely ("probably the same person");
 * - from 95 %: very likely.
 */
export const VERDICT_LEVELS = { closeCall: 0.75, veryLikely: 0.95 } as const;

/**
 * The decision is the API's `match` (distance against threshold); the percentage is the calibrated
 * probability of that decision: P(same) for a match, 1 − P(same) otherwise. When the two disagree
 * (a decision near the threshold) the verdict says so rather than hiding it.
 */
export function verdict(r: Pick<VerifyResult, 'match' | 'probability' | 'distance' | 'threshold'>): Verdict {
  const pDecision = r.match ? r.probability : 1 - r.probability;
  if (pDecision < 0.5) {
    return {
      title: `Too close to call — ${percent(r.probability)} probability of the same person`,
      summary: r.match
        ? 'The faces are just similar enough to pass as one person, but the probability leans the other way. Try clearer, front-facing photos.'
        : 'The faces are just too different to pass as one person, but the probability leans the other way. Try clearer, front-facing photos.',
      tone: 'uncertain',
    };
  }
  const title = r.match ? `Same person — ${percent(pDecision)} probability` : `Different people — ${percent(pDecision)} probability`;
  if (pDecision < VERDICT_LEVELS.closeCall) {
    return {
      title,
      summary: r.match
        ? 'A close call: the faces are only just similar enough. Try clearer, front-facing photos to be sure.'
        : 'A close call: the faces are only just too different. Try clearer, front-facing photos to be sure.',
      tone: 'uncertain',
    };
  }
  if (pDecision < VERDICT_LEVELS.veryLikely) {
    return r.match
      ? { title, summary: 'The two faces are similar: these photos probably show the same person.', tone: 'match' }
      : { title, summary: 'The two faces differ: these photos probably show different people.', tone: 'no-match' };
  }
  return r.match
    ? { title, summary: 'The two faces are very similar: these photos very likely show the same person.', tone: 'match' }
    : { title, summary: 'The two faces differ more than photos of one person usually do.', tone: 'no-match' };
}

/* ------------------------------------------------------------------ quality issues and warnings */

const ISSUE_TEXT: Record<QualityIssue, string> = {
  face_too_small: 'the face is small — use a closer photo',
  blurry: 'the photo is blurry — use a sharper photo',
  extreme_pose: 'the face is turned away — use a photo that faces the camera',
  too_dark: 'the photo is dark — use a brighter photo',
  too_bright: 'the photo is very bright — avoid strong light on the face',
};

/** "face_too_small" -> "the face is small — use a closer photo". */
export function issueText(code: QualityIssue): string {
  return ISSUE_TEXT[code];
}

/** "Photo B: the face is small — use a closer photo" for every quality issue of both faces. */
export function qualityNotes(faces: Record<Photo, Face>): string[] {
  return (['a', 'b'] as const).flatMap((photo) => faces[photo].quality.issues.map((code) => `${PHOTO_NAME[photo]}: ${issueText(code)}`));
}

/**
 * A warning in plain words: multiple_faces is rephrased with the number of faces; a quality issue of
 * the face used reads as the face's quality notes do (so resultNotes says it once).
 */
export function warningText(w: VerifyWarning, faces?: Partial<Record<Photo, Pick<Face, 'faces_found'>>>): string {
  const name = PHOTO_NAME[w.field];
  if (w.code === 'multiple_faces') {
    const n = faces?.[w.field]?.faces_found;
    const count = n && n > 1 ? `${n} faces` : 'more than one face';
    return `${name} shows ${count}: the largest was compared. If that is not the right face, choose another on the photo below, or crop the photo to one person.`;
  }
  return `${name}: ${issueText(w.code)}`;
}

/** Warnings and quality issues as plain sentences, each once. */
export function resultNotes(r: Pick<VerifyResult, 'warnings' | 'faces'>): string[] {
  const notes = [...(r.warnings ?? []).map((w) => warningText(w, r.faces)), ...qualityNotes(r.faces)];
  return [...new Set(notes)];
}

/* ------------------------------------------------------------------ problems in words */

export interface ProblemMessage {
  /** The photo the problem is about, if known. */
  photo?: Photo;
  /** Short headline, e.g. "No face found in Photo B". */
  title: string;
  /** What to do about it. */
  advice: string;
  /** The photo was never chosen (rather than chosen and refused): the fix is to choose one, not another. */
  missing?: boolean;
}

/** A detail as a sentence: with its full stop (error messages often have none). */
const sentence = (text: string | undefined): string => (!text ? '' : /[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

/** A clear message per problem type, naming the photo when the API says which. */
export function problemMessage(p: ApiProblem): ProblemMessage {
  const photo = photoOfField(p.field);
  const name = photo ? PHOTO_NAME[photo] : undefined;
  const which = name ?? 'One of the photos';
  switch (p.kind) {
    case 'no-face':
      return {
        photo,
        title: name ? `No face found in ${name}` : 'No face found in one of the photos',
        advice: 'Use a photo where one face is clearly visible, facing the camera, well lit and not too small.',
      };
    case 'face-not-found':
      return {
        photo,
        title: name ? `The chosen face is not in ${name}` : 'The chosen face was not found',
        advice: p.problem.detail || 'Choose another face, or let the largest face be used.',
      };
    case 'unsupported-image':
    case 'unsupported-media-type':
      return {
        photo,
        title: `${which} is in a format that can’t be read`,
        advice:
          'Use a JPEG, PNG or WebP photo. On an iPhone, choose “Most Compatible” in Camera › Formats, or take a screenshot of the photo.',
      };
    case 'invalid-image':
      return {
        photo,
        title: `${which} looks damaged or incomplete`,
        advice: 'The file could not be read as a picture. Choose another photo, or save this one again.',
      };
    case 'payload-too-large':
      return {
        photo,
        title: name ? `${name} is too large to upload` : 'The photos are too large to upload',
        advice: 'Together the photos must be under 10 MB. Use smaller photos.',
      };
    case 'image-too-large':
      return { photo, title: `${which} has too many pixels`, advice: 'Use a smaller photo (at most about 6 megapixels).' };
    case 'missing-image':
      return {
        photo,
        missing: true,
        title: name ? `${name} is missing` : 'A photo is missing',
        advice: 'Choose both photos, then press Verify again.',
      };
    case 'validation-failed':
    case 'bad-request':
      return { photo, title: 'The request was not accepted', advice: p.problem.detail || 'Choose both photos again and retry.' };
    case 'rate-limited':
    case 'too-many-requests':
      return { title: 'Too many requests', advice: 'Please wait a minute, then try again.' };
    case NETWORK_PROBLEM:
      return { title: 'The server could not be reached', advice: 'Check your connection and try again.' };
    // On this device (device.ts): nothing was sent, so these never blame the photos.
    case 'model-integrity':
      return {
        title: 'A downloaded model failed its integrity check',
        advice: `${sentence(p.problem.detail)} Try again later, or check on our server instead.`.trim(),
      };
    case 'model-skew':
      return { title: 'This page is out of date', advice: p.problem.detail || 'Reload the page to get the current version.' };
    case 'device-stalled':
      return {
        title: 'The check on this device did not finish',
        advice: `${sentence(p.problem.detail)} Or check on our server instead.`.trim(),
      };
    case 'device-unavailable':
      return {
        title: p.problem.title || 'This browser could not check on this device',
        advice: `${sentence(p.problem.detail)} Check on our server instead, or try another browser.`.trim(),
      };
    default:
      if (p.status === 429) return { title: 'Too many requests', advice: 'Please wait a minute, then try again.' };
      if (p.status === 404 || p.status === 405)
        return { title: 'Verification is not available here', advice: 'This server does not offer face verification yet.' };
      if (p.status >= 500 || p.status === 0)
        return { title: 'Something went wrong on our side', advice: 'Your photos were not stored. Please try again in a moment.' };
      return {
        photo,
        title: p.problem.title || 'The photos could not be compared',
        advice: p.problem.detail || 'Please try again with other photos.',
      };
  }
}

/** Message for a file the browser itself could not open (before any upload). */
export function unreadableMessage(photo: Photo): ProblemMessage {
  return {
    photo,
    title: `${PHOTO_NAME[photo]} can’t be opened`,
    advice: 'The file is not a picture this browser can read, or it is damaged. Use a JPEG, PNG or WebP photo.',
  };
}

/**
 * The message when Verify is pressed with a photo field empty. A field emptied because its file was
 * refused (`refused`: the message said then) keeps that reason, which says what to do, rather than
 * a bare "Photo B is missing".
 */
export function missingMessage(missing: readonly Photo[], refused: Partial<Record<Photo, ProblemMessage>> = {}): ProblemMessage {
  const first = missing.find((p) => refused[p]);
  const reason = first && refused[first];
  if (first && reason) {
    const alsoMissing = missing.filter((p) => p !== first && !refused[p]);
    const also = alsoMissing.length ? ` ${PHOTO_NAME[alsoMissing[0]]} is missing too.` : '';
    return { ...reason, photo: first, advice: reason.advice + also };
  }
  if (missing.length > 1)
    return {
      photo: 'a',
      missing: true,
      title: 'Choose two photos',
      advice: 'Add a photo in each box: drop it there, or click the box to choose a file.',
    };
  const photo = missing[0] ?? 'a';
  return { photo, missing: true, title: `${PHOTO_NAME[photo]} is missing`, advice: 'Both photos are needed to compare faces.' };
}

/** The error's link to the photo field: "Choose photo A" when none was chosen, else "Choose another photo A". */
export function fixLinkText(msg: Pick<ProblemMessage, 'photo' | 'missing'>): string {
  const name = PHOTO_NAME[msg.photo ?? 'a'].replace('Photo', 'photo');
  return msg.missing ? `Choose ${name}` : `Choose another ${name}`;
}

/* ------------------------------------------------------------------ outlines */

const SVG_NS = 'http://www.w3.org/2000/svg';

function svgEl<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

/**
 * The uploaded photo as an SVG in its own pixel coordinates (viewBox 0 0 width height), so the face
 * boxes the API returns (in those same pixels) line up exactly at any displayed size: the photo, the
 * chosen face outlined, its landmarks as dots.
 */
export function facePicture(
  photo: { url: string; width: number; height: number },
  face: Face,
  label = 'Photo with the compared face outlined',
): SVGSVGElement {
  const { width, height } = photo;
  const svg = svgEl('svg', {
    viewBox: `0 0 ${width} ${height}`,
    preserveAspectRatio: 'xMidYMid meet',
    class: 'face-picture',
    role: 'img',
    'aria-label': label,
  });
  svg.append(svgEl('image', { href: photo.url, x: 0, y: 0, width, height, preserveAspectRatio: 'none' }));
  // Stroke widths in screen pixels whatever the photo's resolution.
  const stroke = { 'vector-effect': 'non-scaling-stroke' };
  const b = face.box;
  const rx = Math.min(b.width, b.height) * 0.08;
  svg.append(svgEl('rect', { ...stroke, x: b.x, y: b.y, width: b.width, height: b.height, rx, class: 'face-halo' }));
  svg.append(svgEl('rect', { ...stroke, x: b.x, y: b.y, width: b.width, height: b.height, rx, class: 'face-box', 'data-face': 'chosen' }));
  // Landmarks as zero-length round-capped strokes: dots of a fixed screen size at any photo resolution.
  for (const p of Object.values(face.landmarks)) svg.append(svgEl('path', { ...stroke, d: `M${p.x} ${p.y}h0`, class: 'face-landmark' }));
  return svg;
}

/** The face's number (1 = the most prominent) just above its box, or inside it at the photo's top edge. */
function faceNumber(box: Box, n: number, photo: { width: number; height: number }): SVGTextElement {
  // Sized by the photo, so the number reads the same at any resolution once the photo is fitted.
  const size = Math.max(photo.width, photo.height) * 0.035;
  const y = box.y - size * 0.3 >= size ? box.y - size * 0.3 : box.y + size;
  const text = svgEl('text', {
    x: box.x + size * 0.2,
    y,
    'font-size': size.toFixed(1),
    'vector-effect': 'non-scaling-stroke',
    class: 'face-number',
    'aria-hidden': 'true',
  });
  text.textContent = String(n);
  return text;
}

/**
 * Makes every other detected face of a picture from facePicture a button: a dashed outline that,
 * clicked, tapped, or focused with Tab and pressed with Enter or Space, calls `choose` with its index.
 * Each face gets its number (index + 1), as the caption names them. `faces` are the photo's faces
 * as POST /v1/faces/detect lists them (most prominent first: the order verify's a_face/b_face use),
 * in the same pixels as the picture.
 */
export function addFaceChoices(
  svg: SVGSVGElement,
  photo: { width: number; height: number },
  faces: readonly Pick<Face, 'box'>[],
  chosen: number,
  opts: { photoName: string; choose(index: number): void },
): SVGGElement[] {
  // The picture now holds controls: a group, as an image's children are hidden from assistive technology.
  svg.setAttribute('role', 'group');
  const stroke = { 'vector-effect': 'non-scaling-stroke' };
  const buttons: SVGGElement[] = [];
  faces.forEach(({ box: b }, index) => {
    if (index === chosen) {
      svg.append(faceNumber(b, index + 1, photo));
      return;
    }
    const rx = Math.min(b.width, b.height) * 0.08;
    // The target reaches past the outline: small faces in a group photo stay easy to hit.
    const pad = Math.min(b.width, b.height) * 0.2;
    const g = svgEl('g', {
      class: 'face-choice',
      role: 'button',
      tabindex: 0,
      'aria-label': `Use this face: face ${index + 1} of ${faces.length} in ${opts.photoName}`,
      'data-face-index': index,
    });
    const tip = svgEl('title', {});
    tip.textContent = `Use this face (face ${index + 1})`;
    g.append(
      tip,
      svgEl('rect', { x: b.x - pad, y: b.y - pad, width: b.width + 2 * pad, height: b.height + 2 * pad, class: 'face-choice-target' }),
      svgEl('rect', { ...stroke, x: b.x, y: b.y, width: b.width, height: b.height, rx, class: 'face-halo' }),
      svgEl('rect', { ...stroke, x: b.x, y: b.y, width: b.width, height: b.height, rx, class: 'face-choice-box' }),
      faceNumber(b, index + 1, photo),
    );
    g.addEventListener('click', () => opts.choose(index));
    g.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter' && e.key !== ' ') return;
      e.preventDefault();
      opts.choose(index);
    });
    svg.append(g);
    buttons.push(g);
  });
  return buttons;
}

/** What the caption says of the compared face: "3 faces found, face 2 (your choice) was compared". */
export function faceCaption(face: Pick<Face, 'index' | 'faces_found'>, chosenByVisitor = false): string {
  if (face.faces_found <= 1) return 'face found';
  const which = chosenByVisitor ? 'your choice' : 'the largest';
  return `${face.faces_found} faces found, face ${face.index + 1} (${which}, outlined) was compared`;
}

/* ------------------------------------------------------------------ small DOM helpers */

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { class?: string; text?: string; attrs?: Record<string, string> } = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.class) node.className = props.class;
  if (props.text !== undefined) node.textContent = props.text;
  for (const [k, v] of Object.entries(props.attrs ?? {})) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

/** "dlib-face-encoder 1.0.0" from {id, version}. */
export function modelName(model: VerifyResult['model']): string {
  return [model.id, model.version].filter(Boolean).join(' ') || '–';
}

const fmt = (n: number, digits = 3) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

export interface SentPhoto {
  url: string;
  width: number;
  height: number;
  bytes: number;
  sourceWidth: number;
  sourceHeight: number;
}

/**
 * The result card's content: verdict, both photos with outlines, notes, expert details. `chosen`
 * names the photos whose face the visitor picked (the captions say so).
 */
export function renderResult(
  r: VerifyResult,
  sent: Record<Photo, SentPhoto>,
  chosen: Partial<Record<Photo, number>> = {},
  ran: RanOn = { where: 'server' },
): { root: DocumentFragment; heading: HTMLElement } {
  const v = verdict(r);
  const root = document.createDocumentFragment();

  const heading = el('h2', {
    class: 'verdict-title',
    text: v.title,
    attrs: { id: 'verdict-title', tabindex: '-1', 'data-verdict': v.tone },
  });
  const banner = el(
    'div',
    { class: `verdict verdict--${v.tone}` },
    el('span', { class: 'verdict-icon', attrs: { 'aria-hidden': 'true' } }),
    el(
      'div',
      {},
      heading,
      el('p', { class: 'verdict-summary', text: v.summary }),
      el('p', { class: 'ran-on', text: ranOnText(ran), attrs: { 'data-ran-on': ran.where } }),
    ),
  );
  root.append(banner);

  const photos = el('div', { class: 'result-photos' });
  // Both frames share one shape (the photos' mean, between portrait 3:4 and landscape 4:3), so the
  // two pictures line up side by side; each photo is fitted inside its frame.
  const clampRatio = (w: number, h: number) => Math.min(4 / 3, Math.max(3 / 4, w / h));
  const ratio = (clampRatio(sent.a.width, sent.a.height) + clampRatio(sent.b.width, sent.b.height)) / 2;
  for (const photo of ['a', 'b'] as const) {
    const face = r.faces[photo];
    const s = sent[photo];
    const picture = facePicture(s, face, `${PHOTO_NAME[photo]}, with the compared face outlined`);
    const frame = el('div', { class: 'result-frame', attrs: { 'data-photo': photo, style: `aspect-ratio: ${ratio.toFixed(4)}` } }, picture);
    const caption = el(
      'figcaption',
      {},
      el('strong', { text: PHOTO_NAME[photo] }),
      el('span', { attrs: { 'data-face-caption': '' }, text: ` · ${faceCaption(face, chosen[photo] !== undefined)}` }),
    );
    photos.append(el('figure', { class: 'result-photo' }, frame, caption));
  }
  root.append(photos);

  const notes = resultNotes(r);
  if (notes.length) {
    root.append(
      el(
        'div',
        { class: 'result-notes', attrs: { role: 'note' } },
        el('h3', { text: 'About these photos' }),
        el('ul', {}, ...notes.map((n) => el('li', { text: n }))),
      ),
    );
  }

  const rows: [string, string | Node][] = [
    ['Distance', fmt(r.distance)],
    ['Threshold', fmt(r.threshold)],
    [
      'Decision',
      `${fmt(r.distance)} ${r.distance <= r.threshold ? '≤' : '>'} ${fmt(r.threshold)}: ${r.match ? 'same person' : 'different people'}`,
    ],
    ['P(same person)', expertPercent(r.probability)],
    ['Model', modelName(r.model)],
    ['Checked', ran.where === 'device' ? `on this device (${engineText(ran)}); no photo was uploaded` : 'on our server'],
  ];
  for (const photo of ['a', 'b'] as const) {
    const f = r.faces[photo];
    const s = sent[photo];
    const which =
      f.faces_found > 1 ? `face ${f.index + 1} of ${f.faces_found} (largest first${chosen[photo] !== undefined ? ', chosen' : ''}), ` : '';
    const score = `${which}detection score ${fmt(f.score, 2)}, `;
    const box = `box ${Math.round(f.box.width)}×${Math.round(f.box.height)} px at (${Math.round(f.box.x)}, ${Math.round(f.box.y)})`;
    const how = ran.where === 'device' ? 'checked as' : 'sent as';
    const upload =
      s.width !== s.sourceWidth || s.height !== s.sourceHeight
        ? `${how} ${s.width}×${s.height} JPEG (${formatBytes(s.bytes)}), reduced from ${s.sourceWidth}×${s.sourceHeight}`
        : `${how} ${s.width}×${s.height} JPEG (${formatBytes(s.bytes)})`;
    rows.push([PHOTO_NAME[photo], `${score}${box}; ${upload}`]);
    const issues = f.quality.issues;
    if (issues.length) {
      const codes = el('span', { class: 'codes' }, ...issues.map((i) => el('code', { text: i })));
      rows.push([`${PHOTO_NAME[photo]} quality issues`, codes]);
    }
  }
  if (r.warnings?.length) {
    const items = r.warnings.map((w) => el('li', {}, el('code', { text: `${w.field} · ${w.code}` }), ` ${w.detail}`));
    rows.push(['Warnings', el('ul', { class: 'raw-list' }, ...items)]);
  }

  const dl = el('dl', { class: 'expert-list' });
  for (const [k, v2] of rows) dl.append(el('div', {}, el('dt', { text: k }), el('dd', {}, v2)));
  const details = el(
    'details',
    { class: 'expert' },
    el('summary', { text: 'Details for experts: distance, threshold, model' }),
    el('p', {
      class: 'expert-intro',
      text: 'Each face is turned into an embedding; the photos are judged the same person when the distance between the embeddings is at most the threshold. The probability comes from a calibrated model of that distance.',
    }),
    dl,
  );
  root.append(details);
  return { root, heading };
}
