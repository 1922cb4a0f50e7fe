/** One line of the summary table. Benchmarks report; they never fail on timing. */
export interface Measurement {
  name: string;
  value: number;
  unit: string;
  /** Measured in the same run; `ratio` is value / baseline. */
  baseline?: { value: number; label: string };
  /** Absent: reported for information only. */
  target?: { text: string; met: boolean };
}

export const fmt = (n: number, unit: string) =>
  `${n >= 100 ? Math.round(n).toString() : n.toFixed(n >= 10 ? 1 : 2)} ${unit}`;

const ratio = (x: number) => `${x.toFixed(x >= 10 ? 1 : x >= 1 ? 2 : 3)}x`;

export function printTable(rows: Measurement[]) {
  const cells = rows.map((r) => [
    r.name,
    fmt(r.value, r.unit),
    r.baseline ? `${fmt(r.baseline.value, r.unit)} (${r.baseline.label})` : '-',
    r.baseline ? ratio(r.value / r.baseline.value) : '-',
    r.target?.text ?? '(info)',
    r.target ? (r.target.met ? 'yes' : 'no') : '-',
  ]);
  const header = ['benchmark', 'value', 'baseline', 'ratio', 'target', 'meets target'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((s, i) => s.padEnd(widths[i]!)).join(' | ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const c of cells) console.log(line(c));
}
