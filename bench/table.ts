// Plain-text tables for the console: one per scenario, columns padded to fit.

export type Row = (string | number)[];

function cell(v: string | number): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'n/a';
  return v;
}

export function formatTable(title: string, header: string[], rows: Row[]): string {
  const cells = [header, ...rows.map((r) => r.map(cell))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [`\n${title}`, line(cells[0]), rule, ...cells.slice(1).map(line)].join('\n');
}
