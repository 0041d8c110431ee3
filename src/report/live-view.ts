import asciichart from 'asciichart';
import { HISTORY_SECONDS, type LiveProcess, type LiveStore } from '../analysis/live-state.js';
import { commandLabel } from '../analysis/command-labels.js';
import { formatBytes, formatSeconds, MiB, plural } from '../units.js';

export interface LiveFrame {
  command: string;
  file: string;
  /** Epoch seconds now. */
  now: number;
  columns: number;
  rows: number;
  /** Whether descendants have lines of their own (-M): else the table holds the main process alone, or none. */
  perProcess: boolean;
  /** MEM holds the whole tree (-C) and descendants have no lines: no process's own size is known. */
  treeOnly: boolean;
}

const LABEL_WIDTH = 9;
const ROOT_ONLY = '(the main process alone: record with -M to see every process)';
const TREE_ONLY = "(the tree's total only: record with -M to see each process's own size)";
const formatAxis = (v: number): string => v.toFixed(1).padStart(LABEL_WIDTH);

/** Cut to the terminal's width: every character the view draws is one column wide. */
const fit = (text: string, columns: number): string => [...text].slice(0, columns).join('');

/** The total's history, one value per chart column (the highest in the column), over the last `span` seconds. */
export function historyColumns(store: LiveStore, now: number, span: number, points: number): number[] {
  const start = now - span;
  const out = new Array<number | undefined>(points).fill(undefined);
  for (const p of store.history) {
    if (p.t < start) continue;
    const c = Math.min(points - 1, Math.max(0, Math.floor(((p.t - start) / span) * points)));
    out[c] = Math.max(out[c] ?? 0, p.bytes / MiB);
  }
  const first = out.findIndex((v) => v !== undefined);
  if (first < 0) return [];
  let held = out[first]!;
  return out.slice(first).map((v) => (held = v ?? held));
}

function chartRows(store: LiveStore, frame: LiveFrame, height: number): string[] {
  const points = Math.max(10, frame.columns - LABEL_WIDTH - 2);
  const since = frame.now - (store.firstTime ?? frame.now);
  const span = Math.min(Math.max(since, 1), HISTORY_SECONDS);
  const values = historyColumns(store, frame.now, span, points);
  if (values.length < 2 || height < 2) return [];
  const max = Math.max(1e-6, ...values);
  const chart = asciichart.plot(values, { min: 0, max, height: height - 1, offset: 2, format: formatAxis });
  return [...chart.split('\n'), `${' '.repeat(LABEL_WIDTH + 1)}the last ${formatSeconds(span)}`];
}

function processRow(p: LiveProcess, columns: number): string {
  const hwm = p.hwmBytes === null ? '' : formatBytes(p.hwmBytes);
  const cells = [
    String(p.pid).padStart(8),
    formatBytes(p.currentBytes ?? 0).padStart(10),
    formatBytes(p.peakBytes).padStart(10),
    hwm.padStart(10),
  ];
  const head = `${cells.join(' ')}  `;
  return head + commandLabel(p.command, Math.max(8, columns - head.length));
}

/**
 * One frame of `--live`: the run's total now and its peak so far, the total over the last minutes as a
 * chart, and the processes alive by their memory now; as many lines as the terminal has rows, each cut to
 * its width. No IO: the view writes it over the last one.
 */
export function liveFrame(store: LiveStore, frame: LiveFrame): string[] {
  const { columns, rows } = frame;
  const elapsed = store.firstTime === null ? 0 : frame.now - store.firstTime;
  const top = store.top();
  const last = store.history.at(-1);
  const { treeOnly } = frame;
  const count = treeOnly ? 'the whole tree' : plural(top.length, 'process', 'processes');
  const lines = [
    `memprof --live · ${commandLabel(frame.command, Math.max(10, columns - 40))} · ${formatSeconds(elapsed)}`,
    last
      ? `total ${formatBytes(last.bytes)} now · peak ${formatBytes(store.peak!.bytes)} at ` +
        `${formatSeconds(store.peak!.t - store.firstTime!)} · ${count}`
      : 'waiting for the first reading…',
  ];
  const tableRows = Math.min(top.length, Math.max(3, Math.floor((rows - 6) / 3)));
  const chartHeight = Math.max(0, Math.min(14, rows - lines.length - tableRows - 4));
  lines.push(...chartRows(store, frame, chartHeight));
  if (!treeOnly) {
    lines.push(
      `${['pid'.padStart(8), 'now'.padStart(10), 'peak'.padStart(10), 'HWM'.padStart(10)].join(' ')}  command`,
    );
    for (const p of top.slice(0, tableRows)) lines.push(processRow(p, columns));
    if (top.length > tableRows) lines.push(`${' '.repeat(8)} … ${top.length - tableRows} more`);
  }
  if (treeOnly) lines.push(TREE_ONLY);
  else if (!frame.perProcess) lines.push(ROOT_ONLY);
  lines.push(`recording to ${frame.file}; Ctrl-C ends the command, and the recording with it`);
  return lines.slice(0, rows).map((l) => fit(l, columns));
}
