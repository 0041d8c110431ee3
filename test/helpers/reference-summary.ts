import { processCurves, type Curve } from '../../src/analysis/curves.js';
import { childSumsPerTick, type MemScope, type MprofChildren } from '../../src/analysis/mem-scope.js';
import { longPeriodFrom, slowPaceOf } from '../../src/analysis/pace.js';
import { peakOf } from '../../src/analysis/peaks.js';
import type { HwmOnlyRow, ProcessSummary, RunSummary } from '../../src/analysis/summary.js';
import { hwmUpperBound } from '../../src/analysis/upper-bound.js';
import type { Recording, Series } from '../../src/format/types.js';

// The summary as memprof computed it before it was read in one streaming pass: from a decoded recording's
// whole series (processCurves, peakOf, hwmUpperBound). Kept as the truth the streamed summary is tested
// against, so a test comparing the two can fail.

export function referenceSummaries(recs: Recording[], children: MprofChildren = 'auto'): RunSummary[] {
  return recs.map((rec, i) => referenceSummary(rec, i + 1, recs.length, children));
}

export function referenceSummary(rec: Recording, run = 1, runs = 1, children: MprofChildren = 'auto'): RunSummary {
  const t0 = runStart(rec);
  const memScope = memScopeOf(rec, children);
  const total = peakOf(totalSeries(rec, memScope.childrenIncluded));
  const exitsKnown = rec.header?.finalExits === true && rec.done !== null;
  const ownSizes = ownSizesOf(rec, memScope.childrenIncluded);
  const all = processCurves(rec, memScope.childrenIncluded)
    .filter((c) => ownSizes || !c.isRoot)
    .map((c) => summarizeCurve(c, t0, total?.index ?? null, exitsKnown));
  const processes = all.filter((p) => p.peakBytes > 0);
  const bound = hwmUpperBound(rec);
  return {
    file: rec.file,
    run,
    runs,
    command: rec.command,
    metric: rec.header?.metric ?? 'rss',
    startTime: t0,
    durationSeconds: Math.max(0, runEnd(rec) - t0),
    peakTotalBytes: total?.bytes ?? null,
    peakTotalAtSeconds: total ? total.time - t0 : null,
    peakTotalUpperBoundBytes: bound === null ? null : Math.max(bound, total?.bytes ?? 0),
    coversTree: rec.header
      ? rec.header.memScope === 'tree' || rec.header.perProcess
      : rec.processes.some((p) => p.samples.t.length > 0) || memScope.childrenIncluded,
    memScope,
    ownSizes,
    exitCode: rec.done?.exitCode ?? null,
    processes,
    vanished: all.length - processes.length,
    hwmOnly: ownSizes ? [] : hwmOnlyOf(rec, t0, exitsKnown),
    holder: holderAtPeak(processes),
    pace: slowPaceOf(rec, t0, runEnd(rec)),
    kernel: null,
    period: longPeriodFrom(rec.periods, rec.header?.intervalSeconds ?? 0, t0, runEnd(rec)),
    warnings: [...rec.warnings],
    // The random recordings hold no heap or MARK line: the Node tests have their own truths.
    node: null,
    marks: [],
    phases: [],
  };
}

/** MEM less the descendants is the main process's own where MEM is its own, the file has them, or there were none. */
export function ownSizesOf(rec: Recording, childrenIncluded: boolean): boolean {
  const descendants = rec.processes.filter((p) => p.key !== rec.rootKey);
  if (!childrenIncluded || rec.header?.perProcess) return true;
  return descendants.some((p) => p.samples.t.length > 0) || (rec.header !== null && descendants.length === 0);
}

/** Every process with a high-water mark, by it, largest first: all a -C file without -M says of each. */
function hwmOnlyOf(rec: Recording, t0: number, exitsKnown: boolean): HwmOnlyRow[] {
  const at = (t: number | null) => (t === null ? null : Math.max(0, t - t0));
  return rec.processes
    .filter((p) => (p.hwmBytes ?? 0) > 0)
    .map((p) => ({
      key: p.key,
      pid: p.pid,
      ppid: p.ppid,
      command: p.command,
      isRoot: p.key === rec.rootKey,
      startSeconds: at(p.firstSeen),
      endSeconds: at(p.lastSeen),
      stillRunning: exitsKnown ? !p.exited : null,
      hwmBytes: p.hwmBytes!,
    }))
    .sort((a, b) => b.hwmBytes - a.hwmBytes);
}

function totalSeries(rec: Recording, childrenIncluded: boolean): Series {
  if (childrenIncluded) return rec.mem;
  const sums = childSumsPerTick(rec);
  return { t: rec.mem.t, v: rec.mem.v.map((v, i) => v + sums[i]!) };
}

function memScopeOf(rec: Recording, choice: MprofChildren): MemScope {
  if (rec.header) return { childrenIncluded: rec.header.memScope === 'tree', basis: 'header' };
  if (choice !== 'auto') return { childrenIncluded: choice === 'included', basis: 'option' };
  const sums = childSumsPerTick(rec);
  if (!sums.some((s) => s > 0)) return { childrenIncluded: false, basis: 'no-child-lines' };
  return { childrenIncluded: inferChildrenIncluded(rec.mem.v, sums), basis: 'inferred' };
}

function inferChildrenIncluded(mem: number[], childSums: number[]): boolean {
  let withChildren = 0;
  let belowHalf = 0;
  for (let i = 0; i < mem.length; i++) {
    if (childSums[i]! === 0) continue;
    withChildren++;
    if (mem[i]! < childSums[i]! / 2) belowHalf++;
  }
  if (withChildren === 0 || belowHalf * 2 > withChildren) return false;
  return movement(mem, childSums, true) < movement(mem, childSums, false);
}

function movement(mem: number[], childSums: number[], childrenIncluded: boolean): number {
  const own = (i: number): number => (childrenIncluded ? mem[i]! - childSums[i]! : mem[i]!);
  let sum = 0;
  for (let i = 1; i < mem.length; i++) sum += Math.abs(own(i) - own(i - 1));
  return sum;
}

function runStart(rec: Recording): number {
  if (Number.isFinite(rec.startTime)) return rec.startTime;
  let start = Infinity;
  for (const p of rec.processes) if (p.firstSeen !== null && p.firstSeen < start) start = p.firstSeen;
  return Number.isFinite(start) ? start : (rec.done?.time ?? 0);
}

function runEnd(rec: Recording): number {
  let end = rec.mem.t.at(-1) ?? -Infinity;
  if (rec.done) end = Math.max(end, rec.done.time);
  for (const p of rec.processes) if (p.lastSeen !== null) end = Math.max(end, p.lastSeen);
  for (const f of rec.funcs) end = Math.max(end, f.end);
  return Number.isFinite(end) ? end : runStart(rec);
}

function summarizeCurve(c: Curve, t0: number, peakTick: number | null, exitsKnown: boolean): ProcessSummary {
  const peak = peakOf(c.series);
  const i = peakTick === null ? -1 : c.tickOf.indexOf(peakTick);
  return {
    key: c.key,
    pid: c.pid,
    ppid: c.ppid,
    command: c.command,
    isRoot: c.isRoot,
    peakBytes: peak?.bytes ?? 0,
    peakAtSeconds: (peak?.time ?? c.firstSeen) - t0,
    startSeconds: c.firstSeen - t0,
    endSeconds: c.lastSeen - t0,
    exited: c.exited,
    hwmBytes: c.hwmBytes,
    stillRunning: exitsKnown ? !c.exited : null,
    atTotalPeakBytes: i < 0 ? null : (c.series.v[i] ?? null),
  };
}

function holderAtPeak(processes: ProcessSummary[]): ProcessSummary | null {
  let best: ProcessSummary | null = null;
  for (const p of processes) {
    if (p.atTotalPeakBytes !== null && (best === null || p.atTotalPeakBytes > best.atTotalPeakBytes!)) best = p;
  }
  return best;
}
