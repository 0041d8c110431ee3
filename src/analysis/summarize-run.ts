import type { CgroupFacts } from '../format/cgroup-facts.js';
import type { ReadWarning } from '../format/read-warnings.js';
import { kernelFigures } from './kernel-figures.js';
import type { Header, Marker } from '../format/types.js';
import { decideMemScope, type MprofChildren } from './mem-scope.js';
import { longPeriodFrom, slowPaceFrom } from './pace.js';
import { markSummaries, nodeSummary, phaseSummaries } from './summarize-node.js';
import type { ProcessStats, RunStats } from './run-stats.js';
import type { HwmOnlyRow, ProcessSummary, RunSummary } from './summary.js';
import type { MemReading, RootCurveStats } from './tick-totals.js';
import { bracketTop, maxConcurrentSum, type Lifetime } from './upper-bound.js';

/** A run's facts besides its samples: what a RunBuilder holds once the file is read. */
export interface RunFacts {
  command: string | null;
  header: Header | null;
  done: { time: number; exitCode: number | null } | null;
  rootKey: string | null;
  /** In order of first appearance. */
  processes: ProcessStats[];
  /** The run's own cgroup, when it had one. */
  cgroup?: CgroupFacts | null;
  /** The MARK lines, in file order. */
  marks?: Marker[];
}

/** Where a run sits: its file, its place among the file's runs, and the file's warnings. */
export interface RunPlace {
  file: string | null;
  run: number;
  runs: number;
  warnings: ReadWarning[];
}

/**
 * A run's summary from its facts and its folded samples: the one definition of every figure `peak`,
 * `check` and `diff` print (duration, the total's peak and its bracket, the per-process table, the holder).
 * `children` says how to read an mprof file's MEM.
 */
export function summaryOf(facts: RunFacts, stats: RunStats, place: RunPlace, children: MprofChildren): RunSummary {
  const { totals } = stats;
  const t0 = runStart(stats.earliest, facts);
  const end = runEnd(Math.max(totals.lastMemTime, stats.latestFuncEnd), facts, t0);
  const memScope = decideMemScope(facts.header, children, () => totals.evidence);
  const reading: MemReading = memScope.childrenIncluded ? 1 : 0;
  const peak = totals.ticks > 0 ? totals.peaks[reading] : null;
  const exitsKnown = facts.header?.finalExits === true && facts.done !== null;
  const table = { t0, exitsKnown, reading, peakTick: peak?.tick ?? null };
  const ownSizes = ownSizesKnown(facts, memScope.childrenIncluded);
  const all = processTable(facts, ownSizes ? totals.roots[reading] : null, table);
  const processes = all.filter((p) => p.peakBytes > 0);
  return {
    file: place.file,
    run: place.run,
    runs: place.runs,
    command: facts.command,
    metric: facts.header?.metric ?? 'rss',
    startTime: t0,
    durationSeconds: Math.max(0, end - t0),
    peakTotalBytes: peak?.bytes ?? null,
    peakTotalAtSeconds: peak ? peak.time - t0 : null,
    peakTotalUpperBoundBytes: bracketTop(hwmBound(facts.processes), peak?.bytes ?? null),
    coversTree: coversTree(facts, memScope.childrenIncluded),
    memScope,
    ownSizes,
    exitCode: facts.done?.exitCode ?? null,
    processes,
    vanished: all.length - processes.length,
    hwmOnly: ownSizes ? [] : hwmOnlyRows(facts, table),
    holder: holderAtPeak(processes),
    kernel: kernelFigures(facts.cgroup, t0, (key) => facts.processes.find((p) => p.key === key) ?? null),
    pace: slowPaceFrom(stats.paces, facts.header?.intervalSeconds ?? 0, t0, end, stats.periods),
    period: longPeriodFrom(stats.periods, facts.header?.intervalSeconds ?? 0, t0, end),
    warnings: [...place.warnings],
    node: nodeSummary(facts, stats.heaps, all, t0),
    marks: markSummaries(facts.marks, t0),
    phases: phaseSummaries(stats.phases, facts, { t0, end, reading, rootKey: facts.rootKey, ownSizes }),
  };
}

/**
 * t = 0 of a run: its first time (see RunStats.earliest), else when a process was first seen, else its DONE
 * (a run closed before its first reading), else 0.
 */
function runStart(earliest: number, facts: RunFacts): number {
  if (Number.isFinite(earliest)) return earliest;
  let start = Infinity;
  for (const p of facts.processes) if (p.firstSeen !== null && p.firstSeen < start) start = p.firstSeen;
  return Number.isFinite(start) ? start : (facts.done?.time ?? 0);
}

/** The run's last time: its last MEM or FUNC end, its DONE, or the last time a process was seen, whichever is latest. */
function runEnd(lastMemTime: number, facts: RunFacts, start: number): number {
  let end = lastMemTime;
  if (facts.done) end = Math.max(end, facts.done.time);
  for (const p of facts.processes) if (p.lastSeen !== null) end = Math.max(end, p.lastSeen);
  return Number.isFinite(end) ? end : start;
}

/** Whether the total covers every process, or only the main one (a run without -M or -C). */
function coversTree(facts: RunFacts, childrenIncluded: boolean): boolean {
  if (facts.header) return facts.header.memScope === 'tree' || facts.header.perProcess;
  return facts.processes.some((p) => p.samples > 0) || childrenIncluded;
}

/**
 * Whether each process's own size can be told from the run. Where MEM holds the tree (-C), the main process's
 * own is MEM less its descendants' samples, and that is its own only when the file records them (memprof's
 * `per_process=1`, mprof's CHLD lines) or when the tree had no descendant; memprof's -C file without -M writes
 * the sum alone, and an mprof file without CHLD lines does not say whether there were any. Without this, the
 * main process would be named as holding the whole tree.
 */
export function ownSizesKnown(facts: RunFacts, childrenIncluded: boolean): boolean {
  if (!childrenIncluded || facts.header?.perProcess === true) return true;
  const descendants = facts.processes.filter((p) => p.key !== facts.rootKey);
  if (descendants.some((p) => p.samples > 0)) return true;
  return facts.header !== null && descendants.length === 0;
}

interface TableContext {
  t0: number;
  exitsKnown: boolean;
  reading: MemReading;
  /** The tick of the total's peak; null when the run has no MEM line. */
  peakTick: number | null;
}

/**
 * One row per measured process: the main process first (its own curve: MEM, or MEM minus the descendants
 * when MEM holds the tree; none when that is not its own, see ownSizesKnown), then every descendant with
 * samples, in order of first appearance.
 */
function processTable(facts: RunFacts, rootCurve: RootCurveStats | null, table: TableContext): ProcessSummary[] {
  const rows: ProcessSummary[] = [];
  const root = facts.processes.find((p) => p.key === facts.rootKey) ?? null;
  if (rootCurve !== null && rootCurve.points > 0) rows.push(rootRow(root, facts.command, rootCurve, table));
  for (const p of facts.processes) {
    if (p.key === facts.rootKey || p.samples === 0) continue;
    const read = table.peakTick !== null && p.atPeakTick[table.reading] === table.peakTick;
    rows.push({
      key: p.key,
      pid: p.pid,
      ppid: p.ppid,
      command: p.command,
      isRoot: false,
      peakBytes: p.peakBytes,
      peakAtSeconds: p.peakTime - table.t0,
      startSeconds: p.firstTime - table.t0,
      endSeconds: p.lastTime - table.t0,
      exited: p.exited,
      hwmBytes: p.hwmBytes,
      stillRunning: table.exitsKnown ? !p.exited : null,
      atTotalPeakBytes: read ? p.atPeakBytes[table.reading] : null,
    });
  }
  return rows;
}

/** Where no process's own size was recorded, the processes the kernel's high-water marks tell of, largest first. */
function hwmOnlyRows(facts: RunFacts, table: TableContext): HwmOnlyRow[] {
  const since = (time: number | null): number | null => (time === null ? null : Math.max(0, time - table.t0));
  const rows: HwmOnlyRow[] = [];
  for (const p of facts.processes) {
    if (p.hwmBytes === null || p.hwmBytes <= 0) continue;
    rows.push({
      key: p.key,
      pid: p.pid,
      ppid: p.ppid,
      command: p.command,
      isRoot: p.key === facts.rootKey,
      startSeconds: since(p.firstSeen),
      endSeconds: since(p.lastSeen),
      stillRunning: table.exitsKnown ? !p.exited : null,
      hwmBytes: p.hwmBytes,
    });
  }
  return rows.sort((a, b) => b.hwmBytes - a.hwmBytes);
}

function rootRow(
  root: ProcessStats | null,
  runCommand: string | null,
  curve: RootCurveStats,
  table: TableContext,
): ProcessSummary {
  const exited = root?.exited ?? false;
  return {
    key: root?.key ?? 'main',
    pid: root?.pid ?? null,
    ppid: root?.ppid ?? null,
    command: root?.command ?? runCommand,
    isRoot: true,
    peakBytes: curve.peak.bytes,
    peakAtSeconds: curve.peak.time - table.t0,
    startSeconds: curve.firstTime - table.t0,
    endSeconds: curve.lastTime - table.t0,
    exited,
    hwmBytes: root?.hwmBytes ?? null,
    stillRunning: table.exitsKnown ? !exited : null,
    atTotalPeakBytes: table.peakTick === null ? null : curve.atTotalPeakBytes,
  };
}

/**
 * The largest sum of kernel high-water marks of processes alive together (see maxConcurrentSum); null
 * when the run has none (mprof files, the ps source). A process counts from when it was first seen until
 * it was gone (ProcessStats.until), by its high-water mark or its largest sample if higher.
 */
function hwmBound(processes: ProcessStats[]): number | null {
  if (!processes.some((p) => p.hwmBytes !== null)) return null;
  const lifetimes: Lifetime[] = [];
  for (const p of processes) {
    const from = p.firstSeen ?? (p.samples > 0 ? p.firstTime : null);
    if (from === null) continue;
    const sampled = p.samples > 0 ? Math.max(0, p.peakBytes) : 0;
    lifetimes.push({ from, to: p.exited ? p.until : Infinity, bytes: Math.max(p.hwmBytes ?? 0, sampled) });
  }
  return maxConcurrentSum(lifetimes);
}

/** The process that held the most at the tick of the total's peak (the first, on a tie). */
function holderAtPeak(processes: ProcessSummary[]): ProcessSummary | null {
  let best: ProcessSummary | null = null;
  for (const p of processes) {
    if (p.atTotalPeakBytes !== null && (best === null || p.atTotalPeakBytes > best.atTotalPeakBytes!)) best = p;
  }
  return best;
}
