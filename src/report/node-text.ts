import { commandLabels } from '../analysis/command-labels.js';
import type { NodeSummary, PhaseSummary, RunSummary } from '../analysis/summary.js';
import { formatBytes, formatSeconds, orDash, plural } from '../units.js';
import { formatTable, type Column } from './table.js';

/** Terminal width of a command's label in these tables, in characters. */
const LABEL_WIDTH = 60;

/** How many Node processes were probed, and which Node processes were not (they cleared NODE_OPTIONS). */
export function probedSentence(node: NodeSummary): string {
  const probed = `${plural(node.probed, 'Node process', 'Node processes')} probed`;
  const missed = node.notProbed.length;
  if (missed === 0) return probed;
  const pids = node.notProbed.map((p) => (p.pid === null ? '?' : String(p.pid))).join(', ');
  return (
    `${probed}; ${plural(missed, 'Node process was', 'Node processes were')} not ` +
    `(pid ${pids}: NODE_OPTIONS cleared, or not started by this run)`
  );
}

/** `peak`'s Node section: each probed process's heap beside its peak (the sum over its threads' isolates). */
export function nodeSection(run: RunSummary): string {
  const node = run.node;
  if (node === null) return '';
  let out = `  ${probedSentence(node)}\n`;
  if (node.processes.length === 0) return out;
  const labels = commandLabels(
    node.processes.map((p) => p.command),
    LABEL_WIDTH,
  );
  const columns: Column[] = [
    { title: 'pid', align: 'right' },
    { title: run.metric.toUpperCase(), align: 'right' },
    { title: 'heap used', align: 'right' },
    { title: 'at', align: 'right' },
    { title: 'heap total', align: 'right' },
    { title: 'external', align: 'right' },
    { title: 'ArrayBuffers', align: 'right' },
    { title: 'threads', align: 'right' },
    { title: 'command', align: 'left' },
  ];
  const rows = node.processes.map((p, i) => [
    String(p.pid),
    orDash(p.peakBytes, formatBytes),
    formatBytes(p.heapUsedBytes),
    formatSeconds(p.heapUsedAtSeconds),
    formatBytes(p.heapTotalBytes),
    formatBytes(p.externalBytes),
    formatBytes(p.arrayBuffersBytes),
    String(p.threads),
    p.command === null ? '(not recorded)' : labels[i]!,
  ]);
  out += "  Node heaps (peaks of the sum over each process's threads; external includes ArrayBuffers):\n";
  return out + formatTable(columns, rows, '    ');
}

/** A phase's name as the reports say it. */
export function phaseName(phase: PhaseSummary): string {
  return phase.label === null ? '(before the first mark)' : phase.label;
}

/** `peak`'s phases: each one's span, its total peak, and the process that peaked highest in it. */
export function phaseSection(run: RunSummary): string {
  if (run.phases.length === 0) return '';
  const highest = Math.max(...run.phases.map((p) => p.peakTotalBytes ?? -Infinity));
  const columns: Column[] = [
    { title: 'phase', align: 'left' },
    { title: 'from', align: 'right' },
    { title: 'to', align: 'right' },
    { title: 'peak total', align: 'right' },
    { title: 'at', align: 'right' },
    { title: 'highest process', align: 'left' },
  ];
  const rows = run.phases.map((phase) => {
    const top = phase.processes[0];
    const held = top === undefined ? '-' : `${formatBytes(top.peakBytes)} pid ${top.pid ?? 'main'}`;
    const mark = phase.peakTotalBytes !== null && phase.peakTotalBytes === highest ? ' *' : '';
    return [
      phaseName(phase),
      formatSeconds(phase.startSeconds),
      formatSeconds(phase.endSeconds),
      phase.peakTotalBytes === null ? '-' : `${formatBytes(phase.peakTotalBytes)}${mark}`,
      orDash(phase.peakTotalAtSeconds, formatSeconds),
      held,
    ];
  });
  const marks = plural(run.marks.length, 'mark', 'marks');
  return `  phases (${marks}; * the highest):\n${formatTable(columns, rows, '    ')}`;
}

/**
 * `run`'s lines at the end: how many Node processes were probed (not said of a tree that ran no Node), and
 * the phase that held the peak.
 */
export function runNodeLines(run: RunSummary): string {
  const ranNode = run.node !== null && (run.node.probed > 0 || run.node.notProbed.length > 0);
  let out = ranNode ? `memprof: ${probedSentence(run.node!)}\n` : '';
  const peak = highestPhase(run.phases);
  if (peak !== null && peak.peakTotalBytes !== null) {
    out +=
      `memprof: ${plural(run.phases.length, 'phase', 'phases')}; the highest total, ` +
      `${formatBytes(peak.peakTotalBytes)}, in ${phaseName(peak)}\n`;
  }
  return out;
}

/** The phase whose total peaked highest (the first, on a tie); null without phases. */
export function highestPhase(phases: PhaseSummary[]): PhaseSummary | null {
  let best: PhaseSummary | null = null;
  for (const p of phases) {
    if (p.peakTotalBytes !== null && (best === null || p.peakTotalBytes > best.peakTotalBytes!)) best = p;
  }
  return best;
}
