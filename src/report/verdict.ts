import type { Check, Verdict, VerdictNote } from '../analysis/budget.js';
import type { ProcessSummary, RunSummary } from '../analysis/summary.js';
import { METRIC_LABEL } from '../format/types.js';
import { formatBytes, formatPercentChange, formatSeconds, runOf } from '../units.js';
import { truncate } from '../analysis/plot-labels.js';
import { memScopeNotes } from './mem-scope-note.js';
import { noTotalReason } from './no-total.js';
import { processLabel } from './process-labels.js';

// The verdict in plain sentences, shared by the terminal, the `::error::` annotation and the Markdown summary.

/**
 * `pid 1234 (node alloc.js 200)`, paths cut to their last part, labelled among the run's processes so that
 * one cc1 of a build is told from the others; an mprof file's main process has no pid.
 */
export function describeProcess(run: RunSummary, p: ProcessSummary, width = 60): string {
  const command = p.command === null ? '' : ` (${processLabel(run, p, width)})`;
  return p.pid === null ? `the main process${command}` : `pid ${p.pid}${command}`;
}

/** `at the peak pid 12 (node worker.js) held the most: 300 MiB`; null when no process was read at the peak. */
export function holderPhrase(run: RunSummary): string | null {
  const held = run.holder?.atTotalPeakBytes ?? null;
  if (run.holder === null || held === null) return null;
  return `at the peak ${describeProcess(run, run.holder)} held the most: ${formatBytes(held)}`;
}

/** One line, cut to `width` characters. */
export function shorten(text: string, width: number): string {
  return truncate(text.trim().replace(/\s+/g, ' '), width);
}

/** `RSS, whole tree` or `RSS, main process only`: what the total measures. */
export function scopeLabel(run: RunSummary): string {
  return `${METRIC_LABEL[run.metric]}, ${run.coversTree ? 'whole tree' : 'main process only'}`;
}

function runPrefix(run: RunSummary): string {
  const which = runOf(run.run, run.runs);
  return which === '' ? '' : `${which}: `;
}

function maxPeakSentence(c: Extract<Check, { kind: 'max-peak' }>): string {
  const { run } = c;
  const kernel = c.figure === 'kernel';
  const fell = c.fellBack ? '; no sample was taken before the command ended' : '';
  const what = kernel ? `kernel peak of the tree's cgroup, page cache included${fell}` : scopeLabel(run);
  const head = `${runPrefix(run)}${kernel ? 'kernel ' : ''}peak ${formatBytes(c.actualBytes)} (${what})`;
  if (c.passed) {
    const share = Math.round((c.actualBytes / c.limitBytes) * 100);
    return `within budget: ${head} is under --max-peak ${formatBytes(c.limitBytes)} (${share}% of it)`;
  }
  // The kernel keeps its high-water mark without a time, and no process is known to hold most at it.
  const at = run.peakTotalAtSeconds === null || kernel ? '' : ` at ${formatSeconds(run.peakTotalAtSeconds)}`;
  const held = kernel ? null : holderPhrase(run);
  const holder = held === null ? '' : `; ${held}`;
  const overBytes = c.actualBytes - c.limitBytes;
  return (
    `over budget: ${head}${at} is over --max-peak ${formatBytes(c.limitBytes)} by ` +
    `${formatBytes(overBytes)} (${formatPercentChange((overBytes / c.limitBytes) * 100)})${holder}`
  );
}

function processPeakSentence(c: Extract<Check, { kind: 'max-process-peak' }>): string {
  const limit = `--max-process-peak ${formatBytes(c.limitBytes)}`;
  const worst = c.worst;
  if (worst === null) return `within budget: ${runPrefix(c.run)}no process was measured (${limit})`;
  const who = describeProcess(c.run, worst);
  const peak = `${who} peaked at ${formatBytes(worst.peakBytes)} ${METRIC_LABEL[c.run.metric]}`;
  if (c.passed) {
    return (
      `within budget: ${runPrefix(c.run)}the largest process peak is ${formatBytes(worst.peakBytes)} ` +
      `${METRIC_LABEL[c.run.metric]}, ${who}, under ${limit}`
    );
  }
  const more =
    c.over.length > 1 ? `; ${c.over.length - 1} more process${c.over.length > 2 ? 'es are' : ' is'} over it too` : '';
  return (
    `over budget: ${runPrefix(c.run)}${peak} at ${formatSeconds(worst.peakAtSeconds)}, over ${limit} by ` +
    `${formatBytes(worst.peakBytes - c.limitBytes)}${more}`
  );
}

function increaseSentence(c: Extract<Check, { kind: 'max-increase' }>): string {
  const change =
    `peak ${formatBytes(c.actualBytes)} is ${formatPercentChange(c.increasePercent)} against the baseline's ` +
    `${formatBytes(c.baselineBytes)} (${c.baseline.file ?? 'baseline'})`;
  return c.passed
    ? `within budget: ${change}, within --max-increase ${c.limitPercent}%`
    : `over budget: ${change}, more than --max-increase ${c.limitPercent}%`;
}

/** The same words from `run` and from `check` on its file: both judge the file through this check. */
function unjudgedSentence(c: Extract<Check, { kind: 'unjudged' }>): string {
  const limit = c.budget === 'max-increase' ? `${c.limit}%` : formatBytes(c.limit);
  const missing = c.budget === 'max-process-peak' ? 'no process peak' : 'no total';
  const file = `${runPrefix(c.run)}${c.run.file ?? 'the recording'}`;
  if (c.figure === 'kernel') {
    const why =
      c.run.kernel === null ? 'the run had no cgroup of its own' : "its cgroup's high-water mark was not read";
    return `--${c.budget} ${limit} not judged: ${file} has no kernel peak (${why})`;
  }
  return `--${c.budget} ${limit} not judged: ${file} has ${missing} (${noTotalReason(c.run)})`;
}

/** A caveat in words, with the flags it is about. */
export function noteSentence(n: VerdictNote): string {
  switch (n.kind) {
    case 'main-process-only':
      return `the total covers the main process only${n.known ? ' (the run was recorded without -M or -C)' : ''}`;
    case 'metric-mismatch':
      return (
        `the baseline measured ${METRIC_LABEL[n.baseline]} and this run ${METRIC_LABEL[n.run]}: ` +
        'the comparison is not like for like'
      );
    case 'scope-mismatch':
      return 'one of the recordings covers the whole tree and the other the main process only';
    case 'hwm-over-process-budget':
      return (
        `pid ${n.process.pid ?? '?'}'s kernel RSS high-water mark (${formatBytes(n.process.hwmBytes!)}) is over ` +
        '--max-process-peak although no sample was: a spike between samples'
      );
  }
}

export function checkSentence(c: Check): string {
  switch (c.kind) {
    case 'unjudged':
      return unjudgedSentence(c);
    case 'max-peak':
      return maxPeakSentence(c);
    case 'max-process-peak':
      return processPeakSentence(c);
    case 'max-increase':
      return increaseSentence(c);
  }
}

/** The verdict for the terminal: one line per check, then the notes, then who decides the exit code. */
export function formatVerdict(verdict: Verdict, commandExitCode: number | null = null): string {
  const lines = verdict.checks.map((c) => `memprof: ${checkSentence(c)}`);
  const notes = [...verdict.notes.map(noteSentence), ...memScopeNotes(verdictRuns(verdict))];
  lines.push(...notes.map((n) => `memprof: note: ${n}`));
  if (commandExitCode !== null && commandExitCode !== 0) {
    lines.push(`memprof: the command itself failed (exit ${commandExitCode}): its exit code wins over the budget's`);
  }
  return `${lines.join('\n')}\n`;
}

/** The runs a verdict judged, the baseline last. */
function verdictRuns(verdict: Verdict): RunSummary[] {
  return [...new Set(verdict.checks.flatMap((c) => (c.kind === 'max-increase' ? [c.run, c.baseline] : [c.run])))];
}

/** GitHub Actions' workflow-command escaping of a message. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** One `::error::` line per failed check, which GitHub shows as an annotation on the job. */
export function formatAnnotations(verdict: Verdict): string {
  return verdict.checks
    .filter((c) => !c.passed)
    .map((c) => `::error title=memprof budget::${escapeData(checkSentence(c))}\n`)
    .join('');
}
