import type { HwmOnlyRow, ProcessSummary, RunSummary } from '../analysis/summary.js';
import { formatBytes, formatMprofMiB, formatSeconds, orDash, runOf } from '../units.js';
import { boundPhrase } from './bracket.js';
import { kernelPeakSentence, oomSentence } from './kernel-text.js';
import { memScopeNoteWithHint, ownSizesNote } from './mem-scope-note.js';
import { noTotalReason } from './no-total.js';
import { processLabels } from './process-labels.js';
import { paceSentence } from './pace-text.js';
import { nodeSection, phaseSection } from './node-text.js';
import { periodSentence } from './period-text.js';
import { formatTable, localStamp, type Column } from './table.js';
import { scopeLabel } from './verdict.js';

/**
 * `peak` for one run. The first line starts like mprof's (`file<TAB>123.456 MiB`) so scripts that read
 * mprof's output keep working; then what the number covers, when, and one row per measured process.
 */
export function peakText(run: RunSummary): string {
  const name = run.file ?? '<input>';
  const at = run.peakTotalAtSeconds === null ? '' : ` at ${formatSeconds(run.peakTotalAtSeconds)}`;
  const which = runOf(run.run, run.runs) === '' ? '' : `${runOf(run.run, run.runs)}, `;
  // Never a number that was not read: a run without a MEM sample has no total.
  const total =
    run.peakTotalBytes === null
      ? `no total\t${which}no total (${noTotalReason(run)})`
      : `${formatMprofMiB(run.peakTotalBytes)}\t${which}peak total (${scopeLabel(run)})${at}`;
  let out =
    `${name}\t${total} of a ${formatSeconds(run.durationSeconds)} run ` +
    `started ${localStamp(run.startTime)}: ${run.command ?? '(no command line recorded)'}\n`;
  out += scopeLine(run);
  out += bracketLine(run);
  for (const line of [kernelPeakSentence(run.kernel), oomSentence(run.kernel)]) if (line) out += `  ${line}\n`;
  const period = periodSentence(run.period);
  if (period !== null) out += `  ${period}\n`;
  const pace = paceSentence(run.pace, run.metric);
  if (pace !== null) out += `  ${pace}\n`;
  out += processTable(run.processes);
  out += hwmOnlyTable(run.hwmOnly);
  if (run.vanished > 0) {
    out +=
      `  (${run.vanished} more process${run.vanished === 1 ? ' was' : 'es were'} only ever seen at 0 bytes: ` +
      'gone before they could be measured)\n';
  }
  out += nodeSection(run);
  out += phaseSection(run);
  return out;
}

/** For an mprof file, how its MEM was read: the total depends on it; and a total no process can be named in. */
function scopeLine(run: RunSummary): string {
  return [memScopeNoteWithHint(run.memScope), ownSizesNote(run)]
    .map((note) => (note === null ? '' : `  note: ${note}\n`))
    .join('');
}

/** The total's peak as a bracket: the largest sampled total, and the upper bound from high-water marks. */
function bracketLine(run: RunSummary): string {
  const bound = boundPhrase(run.peakTotalUpperBoundBytes, run.metric);
  if (bound === null || run.peakTotalBytes === null) return '';
  return `  peak total between ${formatBytes(run.peakTotalBytes)} (largest sampled total) and ${bound}\n`;
}

/** Fixed decimals so a column of times lines up. */

/** Terminal width of a command's label in the table, in characters. */
const LABEL_WIDTH = 80;

function processTable(processes: ProcessSummary[]): string {
  if (processes.length === 0) return '';
  const labels = processLabels(processes, LABEL_WIDTH);
  const withHwm = processes.some((p) => p.hwmBytes !== null);
  const columns: Column[] = [
    { title: 'pid', align: 'right' },
    { title: 'ppid', align: 'right' },
    { title: 'peak', align: 'right' },
    { title: 'at', align: 'right' },
    { title: 'start', align: 'right' },
    { title: 'end', align: 'right' },
    ...(withHwm ? [{ title: 'kernel HWM', align: 'right' as const }] : []),
    { title: 'command', align: 'left' },
  ];
  const rows = processes.map((p) => [
    p.pid === null ? 'main' : String(p.pid),
    p.ppid === null ? '-' : String(p.ppid),
    formatBytes(p.peakBytes),
    formatSeconds(p.peakAtSeconds),
    formatSeconds(p.startSeconds),
    p.stillRunning ? 'running' : formatSeconds(p.endSeconds),
    ...(withHwm ? [orDash(p.hwmBytes, formatBytes)] : []),
    p.command === null ? '(not recorded)' : labels.get(p.key)!,
  ]);
  return formatTable(columns, rows, '  ');
}

/** A run that records no process's own size: each process by what the kernel kept of it. */
function hwmOnlyTable(rows: HwmOnlyRow[]): string {
  if (rows.length === 0) return '';
  const labels = processLabels(rows, LABEL_WIDTH);
  const columns: Column[] = [
    { title: 'pid', align: 'right' },
    { title: 'ppid', align: 'right' },
    { title: 'kernel HWM', align: 'right' },
    { title: 'start', align: 'right' },
    { title: 'end', align: 'right' },
    { title: 'command', align: 'left' },
  ];
  const cells = rows.map((p) => [
    String(p.pid),
    p.ppid === null ? '-' : String(p.ppid),
    formatBytes(p.hwmBytes),
    orDash(p.startSeconds, formatSeconds),
    p.stillRunning ? 'running' : orDash(p.endSeconds, formatSeconds),
    p.command === null ? '(not recorded)' : labels.get(p.key)!,
  ]);
  return (
    "  each process's kernel high-water mark (its largest RSS, each at a time of its own: they do not add up " +
    'to the total):\n' +
    formatTable(columns, cells, '  ')
  );
}
