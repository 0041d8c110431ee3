import type { Verdict } from '../analysis/budget.js';
import type { HwmOnlyRow, ProcessSummary, RunSummary } from '../analysis/summary.js';
import { formatBytes, formatSeconds, plural, runOf } from '../units.js';
import { boundPhrase } from './bracket.js';
import { kernelPeakSentence, oomSentence } from './kernel-text.js';
import { memScopeNotes } from './mem-scope-note.js';
import { noTotalReason } from './no-total.js';
import { processLabels } from './process-labels.js';
import { checkSentence, noteSentence, scopeLabel, shorten } from './verdict.js';

// The Markdown summary for a CI job page (GitHub's $GITHUB_STEP_SUMMARY) or any --summary file.

const TOP = 10;
/** A process's label in the table: the width of the table's code spans. */
const LABEL_WIDTH = 80;

/** A table-safe inline code span: one line, `|` escaped for GFM tables, backticks fenced by a longer run. */
export function mdCode(text: string, width = 80): string {
  const one = shorten(text, width).replace(/\|/g, '\\|');
  const fence = one.includes('`') ? '``' : '`';
  return `${fence}${fence.length > 1 ? ' ' : ''}${one}${fence.length > 1 ? ' ' : ''}${fence}`;
}

function verdictLines(verdict: Verdict | null, commandExitCode: number | null): string[] {
  const lines: string[] = [];
  if (verdict) {
    const judged = verdict.checks.some((c) => c.kind !== 'unjudged');
    lines.push(!judged ? '**Not judged.**' : verdict.passed ? '**Within budget.**' : '**Over budget.**', '');
    for (const c of verdict.checks) lines.push(`- ${c.passed ? '✅' : '❌'} ${checkSentence(c)}`);
    for (const n of verdict.notes) lines.push(`- ℹ️ ${noteSentence(n)}`);
    lines.push('');
  }
  if (commandExitCode !== null && commandExitCode !== 0) {
    lines.push(`The command itself failed with exit code ${commandExitCode}.`, '');
  }
  return lines;
}

function peakLine(run: RunSummary): string {
  const which = runOf(run.run, run.runs) === '' ? '' : ` (${runOf(run.run, run.runs)})`;
  if (run.peakTotalBytes === null) return `No total${which} (${noTotalReason(run)}).`;
  const at = run.peakTotalAtSeconds === null ? '' : ` at ${formatSeconds(run.peakTotalAtSeconds)}`;
  const bound = boundPhrase(run.peakTotalUpperBoundBytes, run.metric);
  const atMost = bound ? `, at most ${bound}` : '';
  return (
    `Peak${which}: **${formatBytes(run.peakTotalBytes)}** (${scopeLabel(run)})${at}${atMost} of a ` +
    `${formatSeconds(run.durationSeconds)} run, recorded in ${mdCode(run.file ?? '<input>')}.`
  );
}

/** The kernel's figures of the run's cgroup, as sentences under the peak. */
function kernelLines(run: RunSummary): string[] {
  const sentences = [kernelPeakSentence(run.kernel), oomSentence(run.kernel)].filter((s) => s !== null);
  return sentences.map((s) => `${s.charAt(0).toUpperCase()}${s.slice(1)}.`).flatMap((s) => ['', s]);
}

function processTable(run: RunSummary): string[] {
  const top = [...run.processes].sort((a, b) => b.peakBytes - a.peakBytes).slice(0, TOP);
  if (top.length === 0) return [];
  const labels = processLabels(run.processes, LABEL_WIDTH);
  const command = (p: ProcessSummary): string => (p.command === null ? '' : mdCode(labels.get(p.key)!));
  const atTotalPeak = (p: ProcessSummary): string =>
    p.atTotalPeakBytes === null ? '' : formatBytes(p.atTotalPeakBytes);
  const row = (p: ProcessSummary): string =>
    `| ${p.pid ?? 'main'} | ${command(p)} | ` +
    `${formatBytes(p.peakBytes)} | ${formatSeconds(p.peakAtSeconds)} | ${atTotalPeak(p)} |`;
  const lines = ['', '| pid | command | peak | at | at the total peak |', '|---:|---|---:|---:|---:|', ...top.map(row)];
  const rest = run.processes.length - top.length;
  if (rest > 0) lines.push('', `…and ${plural(rest, 'smaller process', 'smaller processes')}.`);
  return lines;
}

/** A run that records no process's own size (-C without -M): the largest processes by their kernel HWM. */
function hwmOnlyTable(run: RunSummary): string[] {
  const top = run.hwmOnly.slice(0, TOP);
  if (top.length === 0) return [];
  const labels = processLabels(run.hwmOnly, LABEL_WIDTH);
  const row = (p: HwmOnlyRow): string =>
    `| ${p.pid} | ${p.command === null ? '' : mdCode(labels.get(p.key)!)} | ${formatBytes(p.hwmBytes)} |`;
  const lines = [
    '',
    "Each process's own size was not recorded (`-C` without `-M`). By its kernel high-water mark (its largest " +
      'RSS, each at a time of its own):',
    '',
    '| pid | command | kernel HWM |',
    '|---:|---|---:|',
    ...top.map(row),
  ];
  const rest = run.hwmOnly.length - top.length;
  if (rest > 0) lines.push('', `…and ${plural(rest, 'smaller process', 'smaller processes')}.`);
  return lines;
}

/** The whole summary: a heading naming the command, the verdict, then each run's peak and top processes. */
export function markdownSummary(
  runs: RunSummary[],
  verdict: Verdict | null,
  commandExitCode: number | null = null,
): string {
  const command = runs[0]?.command;
  const lines = [`### memprof: ${command ? mdCode(command) : 'recording'}`, ''];
  lines.push(...verdictLines(verdict, commandExitCode));
  for (const run of runs) {
    lines.push(peakLine(run), ...kernelLines(run), ...processTable(run), ...hwmOnlyTable(run), '');
  }
  for (const note of memScopeNotes(runs)) lines.push(`ℹ️ ${note}`, '');
  return `${lines.join('\n')}\n`;
}
