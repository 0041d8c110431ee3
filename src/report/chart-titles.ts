import { formatBytes, plural } from '../units.js';
import { basename } from 'node:path';
import type { PlotRun } from '../analysis/plot-data.js';
import { metricAxisTitle, shortCommand, truncate } from '../analysis/plot-labels.js';
import { memScopeNotes, ownSizesNote } from './mem-scope-note.js';
import { noTotalReason } from './no-total.js';
import { kernelPeakShort } from './kernel-text.js';
import { paceNote } from './pace-text.js';
import { periodNote } from './period-text.js';

const RUN_STYLES = ['solid', 'dashed', 'dotted', 'dash-dot'];
const MAX_RUN_LINES = 8;
const NO_TOTAL = 'only the main process was recorded (no -M or -C), so no tree total';
const RSS_SHARED = 'an RSS total counts pages shared between processes once per process (PSS does not)';

export interface ChartTitles {
  title: string;
  subtitle: string[];
  yTitle: string;
  legendTitle: string;
}

/** How many processes a run had and how many were folded: said in the chart, not left to guess. */
function processSummary(run: PlotRun): string {
  const n = run.processCount;
  const kernel = kernelPeakShort(run.summary.kernel);
  const who = ownSizesNote(run.summary) ?? plural(n, 'process', 'processes');
  const count = `${who}${bracket(run)}${kernel === null ? '' : ` · ${kernel} (cgroup)`}`;
  if (run.groupedBy) {
    const series = run.lines.filter((l) => l.kind === 'group').length;
    const folded = run.folded > 0 ? `, ${run.folded} more in "others"` : '';
    return `${count}: summed by ${run.groupedBy} into ${series} stacked series${folded}`;
  }
  if (run.folded === 0) return count;
  return `${count}: the ${n - run.folded} largest by peak drawn, ${run.folded} more summed as "others"`;
}

/**
 * The total's peak as a bracket: largest sampled total, and the sum of high-water marks of processes
 * alive together.
 */
function bracket(run: PlotRun): string {
  const peak = run.total?.peak;
  if (run.upperBoundBytes === null || !peak) return '';
  return (
    ` · total peak ${formatBytes(peak.bytes)} sampled, ` +
    `at most ${formatBytes(run.upperBoundBytes)} by kernel high-water marks`
  );
}

const fileOf = (run: PlotRun): string => (run.file ? basename(run.file) : 'recording');

/** Default title: the command line; with several runs, their commands (once each). */
function defaultTitle(runs: PlotRun[]): string {
  const commands = [...new Set(runs.map((r) => r.command ?? fileOf(r)))];
  if (runs.length === 1) return truncate(commands[0]!, 120);
  if (commands.length === 1) return truncate(`${commands[0]!} (${runs.length} runs)`, 120);
  return truncate(`${runs.length} runs: ${commands.map((c) => shortCommand(c, 40)).join(' vs ')}`, 120);
}

/** Why a run draws no total: no tree was recorded, nothing was read, or nothing inside the window. */
function noTotalNote(run: PlotRun): string {
  if (!run.summary.coversTree) return NO_TOTAL;
  if (run.summary.peakTotalBytes === null) return `no tree total (${noTotalReason(run.summary)})`;
  return 'no tree total inside the window';
}

/** Notes that hold for every run are said once, on the first line; the rest per run. */
function subtitle(runs: PlotRun[]): string[] {
  const files = new Set(runs.map(fileOf));
  const why = new Set(runs.map((r) => (r.total === null ? noTotalNote(r) : null)));
  const noTotal = why.size === 1 && !why.has(null) ? [...why][0]! : null;
  const shared = runs.some((r) => r.metric === 'rss' && r.total !== null && r.processCount > 1);
  const notes = [...(noTotal ? [noTotal] : []), ...(shared ? [RSS_SHARED] : [])];
  if (runs.length === 1) return [[fileOf(runs[0]!), processSummary(runs[0]!), ...notes].join(' · ')];
  const head = [...(files.size === 1 ? [`${[...files][0]!} holds ${runs.length} runs`] : []), ...notes];
  const perRun = runs
    .slice(0, MAX_RUN_LINES)
    .map((r) =>
      [
        `${r.run} (${RUN_STYLES[(r.run - 1) % RUN_STYLES.length]!})`,
        ...(files.size > 1 ? [fileOf(r)] : []),
        shortCommand(r.command, 40),
        processSummary(r),
        ...(r.total === null && !noTotal ? [noTotalNote(r)] : []),
      ].join(' · '),
    );
  const more = runs.length > MAX_RUN_LINES ? [`… and ${runs.length - MAX_RUN_LINES} more runs`] : [];
  return [...(head.length > 0 ? [head.join(' · ')] : []), ...perRun, ...more];
}

/** The legend's columns; HWM only when the recording has the kernel's high-water marks. */
function legendTitle(runs: PlotRun[]): string {
  const hwm = runs.some((r) => r.lines.some((l) => l.hwmBytes !== null));
  return `pid command · peak${hwm ? ' · HWM (kernel high-water mark)' : ''}`;
}

/** A line for each run sampled less often than asked (a lengthened period), or whose PSS/USS was read so. */
function paceNotes(runs: PlotRun[]): string[] {
  return runs.slice(0, MAX_RUN_LINES).flatMap((r) => {
    const notes = [periodNote(r.period), paceNote(r.pace, r.metric)];
    return notes.flatMap((note) => (note === null ? [] : [`${runs.length > 1 ? `${r.run}: ` : ''}${note}`]));
  });
}

export function chartTitles(runs: PlotRun[], title: string | null): ChartTitles {
  return {
    title: title ?? defaultTitle(runs),
    subtitle: [
      ...subtitle(runs),
      ...paceNotes(runs),
      ...memScopeNotes(
        runs.map((r) => ({ ...r, file: fileOf(r) })),
        false,
      ),
    ],
    yTitle: metricAxisTitle(runs.map((r) => r.metric)),
    legendTitle: legendTitle(runs),
  };
}
