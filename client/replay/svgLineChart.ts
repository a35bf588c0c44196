const NS = 'http://www.w3.org/2000/svg';

export type Series = { name: string; colour: string; values: number[]; dash?: string; width?: number };

function node<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const n = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
  if (text !== undefined) n.textContent = text;
  return n;
}

/**
 * A small line chart as SVG (it prints crisply, unlike a canvas, and needs no library): one line per
 * series over the x labels, each line named at its end so the chart reads without a colour legend.
 * Text goes in through textContent only. `label` is the chart's text alternative.
 */
export function svgLineChart(o: { labels: string[]; series: Series[]; label: string; width?: number; height?: number; className?: string }): SVGSVGElement {
  const W = o.width ?? 560;
  const H = o.height ?? 200;
  const pad = { left: 34, right: 112, top: 10, bottom: 24 };
  const max = Math.max(1, ...o.series.flatMap((s) => s.values));
  const step = max <= 6 ? 1 : max <= 12 ? 2 : max <= 30 ? 5 : 10;
  const top = Math.ceil(max / step) * step;
  const n = Math.max(1, o.labels.length - 1);
  const x = (i: number) => pad.left + ((W - pad.left - pad.right) * i) / n;
  const y = (v: number) => H - pad.bottom - ((H - pad.top - pad.bottom) * v) / top;
  const svg = node('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': o.label, class: `svg-chart ${o.className ?? ''}`.trim(), preserveAspectRatio: 'xMinYMin meet' });
  const grid = node('g', { class: 'grid' });
  for (let v = 0; v <= top; v += step) {
    grid.append(node('line', { x1: pad.left, x2: W - pad.right, y1: y(v), y2: y(v), stroke: 'rgba(27,26,46,0.15)', 'stroke-width': 1 }));
    grid.append(node('text', { x: pad.left - 6, y: y(v) + 4, 'text-anchor': 'end', 'font-size': 11, fill: '#1b1a2e' }, String(v)));
  }
  o.labels.forEach((l, i) => grid.append(node('text', { x: x(i), y: H - 6, 'text-anchor': 'middle', 'font-size': 11, fill: '#1b1a2e' }, l)));
  svg.append(grid);
  // End labels, nudged apart so lines that end on the same value stay readable.
  const ends = o.series.map((s, i) => ({ i, y: y(s.values[s.values.length - 1] ?? 0) })).sort((a, b) => a.y - b.y);
  for (let k = 1; k < ends.length; k++) if (ends[k].y - ends[k - 1].y < 13) ends[k].y = ends[k - 1].y + 13;
  const endY = new Map(ends.map((e) => [e.i, e.y]));
  o.series.forEach((s, i) => {
    const g = node('g', { class: 'series', 'data-series': s.name });
    const points = s.values.map((v, j) => `${x(j)},${y(v)}`).join(' ');
    g.append(node('polyline', { points, fill: 'none', stroke: s.colour, 'stroke-width': s.width ?? 2.5, 'stroke-dasharray': s.dash ?? 'none', 'stroke-linejoin': 'round' }));
    s.values.forEach((v, j) => g.append(node('circle', { cx: x(j), cy: y(v), r: 3, fill: s.colour })));
    const last = s.values.length - 1;
    if (last >= 0) g.append(node('text', { x: x(last) + 8, y: endY.get(i)! + 4, 'font-size': 12, 'font-weight': 700, fill: '#1b1a2e', class: 'series-label' }, `${s.name} ${s.values[last]}`));
    svg.append(g);
  });
  return svg;
}
