import { PIXEL_CHARS } from '../../assets/palette';

/**
 * Small pixel-art icons drawn as SVG from text maps in the palette's one-character codes, so they
 * look the same everywhere (no emoji fonts needed) and stay crisp at any size. Always decorative:
 * the words next to them carry the meaning.
 */
const MAPS = {
  courage: ['.VV.VV.', 'VvVVVVV', 'VvVVVVV', 'VVVVVVV', '.VVVVV.', '..VVV..', '...V...'],
  budget: ['..KKK..', '.KYYYK.', 'KYYyYYK', 'KYYyYYK', 'KYYyYYK', '.KYYYK.', '..KKK..'],
  stories: ['KKKKKKK', 'KGGGGGK', 'KGWGWGK', 'KGGGGGK', 'KKGKKKK', '.KK....', '.K.....'],
  buyer: ['.KKKKK.', '.KWWWK.', '..KBK..', '..KBK..', '.KBBBK.', '..KBK..', '...K...'],
  provider: ['.......', '..KKK..', '.KOOOK.', 'KOOoOOK', 'KOOOOOK', 'KKKKKKK', '.......'],
  life: ['.XX.XX.', 'XWXXXXX', 'XXXXXXX', 'XXXXXXX', '.XXXXX.', '..XXX..', '...X...'],
  people: ['..K....', '.KsK.K.', '..K.KsK', '.KKK.K.', 'K.K.KKK', '.K.KKK.', 'K.KK.K.'],
  star: ['...Y...', '...Y...', 'YYYYYYY', '.YYYYY.', '..YYY..', '.YY.YY.', 'Y.....Y'],
} as const;

export type IconName = keyof typeof MAPS;

const NS = 'http://www.w3.org/2000/svg';

export function icon(name: IconName, size = 24): SVGSVGElement {
  const rows = MAPS[name];
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', `0 0 ${rows[0].length} ${rows.length}`);
  svg.setAttribute('width', String(size));
  svg.setAttribute('height', String(size));
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('shape-rendering', 'crispEdges');
  svg.classList.add('icon');
  rows.forEach((row, y) => {
    for (let x = 0; x < row.length; x++) {
      const fill = PIXEL_CHARS[row[x]];
      if (!fill) continue;
      const r = document.createElementNS(NS, 'rect');
      r.setAttribute('x', String(x));
      r.setAttribute('y', String(y));
      r.setAttribute('width', '1');
      r.setAttribute('height', '1');
      r.setAttribute('fill', fill);
      svg.appendChild(r);
    }
  });
  return svg;
}
