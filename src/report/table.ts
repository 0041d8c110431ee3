// Plain-text tables for the terminal: columns padded to their widest cell, the last one left ragged.

export type Align = 'left' | 'right';

export interface Column {
  title: string;
  align: Align;
}

/** Render rows under their column titles, two spaces between columns, `indent` before each line. */
export function formatTable(columns: Column[], rows: string[][], indent = ''): string {
  // A loop, not Math.max(...rows): a table may have more rows than the engine takes arguments.
  const widths = columns.map((c, i) => rows.reduce((w, r) => Math.max(w, (r[i] ?? '').length), c.title.length));
  // Loops, not a map and a join per row: a run's table may have 100,000 rows.
  const line = (cells: string[]): string => {
    let out = '';
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i]!;
      if (i > 0) out += '  ';
      if (columns[i]!.align === 'right') out += cell.padStart(widths[i]!);
      else out += i === columns.length - 1 ? cell : cell.padEnd(widths[i]!);
    }
    return out.trimEnd();
  };
  let text = `${indent}${line(columns.map((c) => c.title))}\n`;
  for (const row of rows) text += `${indent}${line(row)}\n`;
  return text;
}

/** Local time as `2024-03-01 14:05:09`: unambiguous, unlike mprof's dd/mm/yyyy. */
export function localStamp(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  if (Number.isNaN(d.getTime())) return '?';
  const p = (n: number): string => String(n).padStart(2, '0');
  const date = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
  return `${date} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
