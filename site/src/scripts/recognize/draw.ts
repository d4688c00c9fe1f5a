// Pictures of the recognize page, as SVG in the photo's own pixels (viewBox), so the boxes the API
// returns (in the pixels of the uploaded, reduced photo) line up at any displayed size: the face an
// enrolment used, cropped; and the photo identified, every face outlined with its number and its
// name or "unknown". The words beside them (words.ts) say the same as text.
import type { Box, IdentifiedFace } from './api';

const SVG_NS = 'http://www.w3.org/2000/svg';

function svgEl<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

export interface PhotoRef {
  /** An object URL of the photo as uploaded. */
  url: string;
  width: number;
  height: number;
}

/** The face an enrolment used: the photo cropped to its box (with a margin), the box outlined. */
export function faceCrop(photo: PhotoRef, box: Box, label: string): SVGSVGElement {
  const side = Math.max(box.width, box.height) * 1.5;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const svg = svgEl('svg', {
    viewBox: `${(cx - side / 2).toFixed(1)} ${(cy - side / 2).toFixed(1)} ${side.toFixed(1)} ${side.toFixed(1)}`,
    preserveAspectRatio: 'xMidYMid slice',
    class: 'face-crop',
    role: 'img',
    'aria-label': label,
  });
  svg.append(
    svgEl('image', { href: photo.url, x: 0, y: 0, width: photo.width, height: photo.height, preserveAspectRatio: 'none' }),
    svgEl('rect', { x: box.x, y: box.y, width: box.width, height: box.height, class: 'crop-box', 'vector-effect': 'non-scaling-stroke' }),
  );
  return svg;
}

/** A name for a label on the photo: long names shortened (the list below the photo has them whole). */
const shortName = (name: string) => ([...name].length > 22 ? `${[...name].slice(0, 21).join('')}…` : name);

/**
 * The identified photo: every face outlined (solid when named, dashed when unknown), with its
 * number and its name or "unknown" above the box (below it at the photo's top edge).
 */
export function identifiedPicture(photo: PhotoRef, faces: readonly IdentifiedFace[], label: string): SVGSVGElement {
  const { width, height } = photo;
  const svg = svgEl('svg', {
    viewBox: `0 0 ${width} ${height}`,
    preserveAspectRatio: 'xMidYMid meet',
    class: 'identified-picture',
    role: 'img',
    'aria-label': label,
  });
  svg.append(svgEl('image', { href: photo.url, x: 0, y: 0, width, height, preserveAspectRatio: 'none' }));
  // Text sized by the photo, so labels read the same at any resolution once the photo is fitted.
  const size = Math.max(12, Math.max(width, height) * 0.04);
  const stroke = { 'vector-effect': 'non-scaling-stroke' };
  faces.forEach((face, i) => {
    const b = face.box;
    const known = face.identity !== null;
    const rx = Math.min(b.width, b.height) * 0.06;
    const g = svgEl('g', { class: known ? 'face-known' : 'face-unknown', 'data-face': i });
    g.append(
      svgEl('rect', { ...stroke, x: b.x, y: b.y, width: b.width, height: b.height, rx, class: 'outline-halo' }),
      svgEl('rect', { ...stroke, x: b.x, y: b.y, width: b.width, height: b.height, rx, class: 'outline' }),
    );
    const above = b.y - size * 0.35;
    const text = svgEl('text', {
      x: Math.min(Math.max(b.x, size * 0.2), width - size * 4),
      y: above - size >= 0 ? above : Math.min(b.y + b.height + size * 1.05, height - size * 0.2),
      'font-size': size.toFixed(1),
      'stroke-width': (size * 0.22).toFixed(1),
      class: 'face-label',
    });
    text.textContent = `${i + 1} ${known ? shortName(face.identity!.name) : 'unknown'}`;
    g.append(text);
    svg.append(g);
  });
  return svg;
}
