// Markdown tables of medians, so the output can go straight into docs/benchmarks.md.

export type Cell = string | number | null;

export function fmt(value: number | null | undefined, digits = 1, unit = ''): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '–' : `${value.toFixed(digits)}${unit}`;
}

/** `a / b` as "0.12x", or a dash when either is missing. */
export function ratio(a: number | null | undefined, b: number | null | undefined): string {
  if (a == null || b == null || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return '–';
  return `${(a / b).toFixed(a / b < 0.1 ? 3 : 2)}x`;
}

export function printTable(title: string, header: string[], rows: Cell[][]): void {
  console.log(`\n### ${title}\n`);
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => '---').join('|')}|`);
  for (const row of rows) console.log(`| ${row.map((c) => (c === null ? '–' : String(c))).join(' | ')} |`);
}

/** A verdict cell: whether a target is met by the measured value. */
export function verdict(met: boolean | null): string {
  return met === null ? 'not measured' : met ? 'met' : '**missed**';
}
