import type { CommandPeak, RunDiff } from '../analysis/diff.js';
import { METRIC_LABEL } from '../format/types.js';
import { formatBytes, formatPercentChange, formatSeconds, orDash, runOf } from '../units.js';
import { memScopeNotes } from './mem-scope-note.js';
import { noTotalReason } from './no-total.js';
import { formatTable } from './table.js';

const pct = (p: number | null): string => (p === null ? '' : formatPercentChange(p));

function cell(peak: CommandPeak | null): string {
  if (peak === null) return '-';
  return peak.count > 1 ? `${formatBytes(peak.peakBytes)} (x${peak.count})` : formatBytes(peak.peakBytes);
}

function runName(d: RunDiff, side: 'a' | 'b'): string {
  const run = d[side];
  const which = runOf(run.run, run.runs);
  return `${run.file ?? side}${which === '' ? '' : ` (${which})`}`;
}

/** `memprof diff`: totals first, then one row per command line, each with its change in percent. */
export function diffText(d: RunDiff): string {
  const metric = METRIC_LABEL[d.a.metric];
  let out = `a: ${runName(d, 'a')}\nb: ${runName(d, 'b')}\n\n`;
  out += formatTable(
    [
      { title: '', align: 'left' },
      { title: 'a', align: 'right' },
      { title: 'b', align: 'right' },
      { title: 'change', align: 'right' },
    ],
    [
      [
        `peak total (${metric})`,
        orDash(d.peakTotal.a, formatBytes),
        orDash(d.peakTotal.b, formatBytes),
        pct(d.peakTotal.changePercent),
      ],
      ['duration', formatSeconds(d.duration.a), formatSeconds(d.duration.b), pct(d.duration.changePercent)],
    ],
  );
  if (d.rows.length > 0) {
    out += `\npeak per command line (x N: N processes ran it; the largest of their peaks):\n`;
    out += formatTable(
      [
        { title: 'a', align: 'right' },
        { title: 'b', align: 'right' },
        { title: 'change', align: 'right' },
        { title: 'command', align: 'left' },
      ],
      d.rows.map((r) => [
        cell(r.a),
        cell(r.b),
        r.a === null ? 'new' : r.b === null ? 'gone' : pct(r.changePercent),
        r.command,
      ]),
    );
  }
  const noTotal = (['a', 'b'] as const)
    .filter((side) => d[side].peakTotalBytes === null)
    .map((side) => `${side} has no total (${noTotalReason(d[side])})`);
  for (const note of [...noTotal, ...d.notes, ...memScopeNotes([d.a, d.b])]) out += `note: ${note}\n`;
  return out;
}
