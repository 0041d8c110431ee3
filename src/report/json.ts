import type { KernelFigures } from '../analysis/kernel-figures.js';
import type { SlowPace } from '../analysis/pace.js';
import type { HwmOnlyRow, ProcessSummary, RunSummary } from '../analysis/summary.js';
import { readWarningText } from './read-warnings.js';
import { nodeJson, phasesJson } from './node-json.js';

/** Bumped only on an incompatible change; new fields may be added within a version. See docs/json.md. */
export const PEAK_SCHEMA = 'memprof.peak/1';

const seconds = (s: number | null): number | null =>
  s === null || !Number.isFinite(s) ? null : Math.round(s * 1e4) / 1e4;

/** ISO 8601 of an epoch time, or null when the recording holds no usable time. */
export function isoTime(epochSeconds: number): string | null {
  const date = new Date(epochSeconds * 1000);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function processJson(p: ProcessSummary): Record<string, unknown> {
  return {
    pid: p.pid,
    ppid: p.ppid,
    command: p.command,
    isRoot: p.isRoot,
    peakBytes: p.peakBytes,
    peakAtSeconds: seconds(p.peakAtSeconds),
    startSeconds: seconds(p.startSeconds),
    endSeconds: seconds(p.endSeconds),
    exited: p.exited,
    stillRunning: p.stillRunning,
    hwmBytes: p.hwmBytes,
  };
}

function hwmOnlyJson(p: HwmOnlyRow): Record<string, unknown> {
  return {
    pid: p.pid,
    ppid: p.ppid,
    command: p.command,
    isRoot: p.isRoot,
    hwmBytes: p.hwmBytes,
    startSeconds: seconds(p.startSeconds),
    endSeconds: seconds(p.endSeconds),
    stillRunning: p.stillRunning,
  };
}

/** PSS/USS read less often than every tick: the slowest pace, how long at it and below the period; else null. */
function paceJson(pace: SlowPace | null): Record<string, number | null> | null {
  if (pace === null) return null;
  return {
    periodSeconds: pace.periodSeconds,
    slowestSeconds: pace.slowestSeconds,
    slowestForSeconds: seconds(pace.slowestForSeconds),
    slowForSeconds: seconds(pace.slowForSeconds),
  };
}

/** The kernel's figures of the run's own cgroup; null without one. */
function kernelJson(k: KernelFigures | null): Record<string, unknown> | null {
  if (k === null) return null;
  const s = k.split;
  return {
    cgroupVersion: k.version,
    cgroupPath: k.path,
    peakBytes: k.peakBytes,
    usagePeakBytes: k.usagePeakBytes,
    split:
      s === null
        ? null
        : {
            anonBytes: s.anon,
            fileBytes: s.file,
            shmemBytes: s.shmem,
            kernelBytes: s.kernel,
            usageBytes: s.usage,
            atSeconds: seconds(k.splitAtSeconds),
          },
    oomKills: k.oomKills,
    oomKilled: k.oomKilled.map((o) => ({ pid: o.pid, command: o.command, atSeconds: seconds(o.atSeconds) })),
  };
}

/** Ticks less often than asked (`PERIOD` lines): the longest period, how long at it and above the asked one. */
function periodJson(period: SlowPace | null): Record<string, number | null> | null {
  if (period === null) return null;
  return {
    requestedSeconds: period.periodSeconds,
    longestSeconds: period.slowestSeconds,
    longestForSeconds: seconds(period.slowestForSeconds),
    longerForSeconds: seconds(period.slowForSeconds),
  };
}

/** One run as one line of JSON (`peak --json` prints JSON Lines: one document per run). */
export function peakJson(run: RunSummary): string {
  return `${JSON.stringify(peakDocument(run))}\n`;
}

/** `peak --json`'s document of one run, which `export --format json` extends. */
export function peakDocument(run: RunSummary): Record<string, unknown> {
  const holder = run.holder;
  return {
    schema: PEAK_SCHEMA,
    file: run.file,
    run: run.run,
    runs: run.runs,
    command: run.command,
    metric: run.metric,
    coversTree: run.coversTree,
    memIncludesChildren: run.memScope.childrenIncluded,
    memScopeBasis: run.memScope.basis,
    ownSizesKnown: run.ownSizes,
    startTime: isoTime(run.startTime),
    durationSeconds: seconds(run.durationSeconds),
    peakTotalBytes: run.peakTotalBytes,
    peakTotalAtSeconds: seconds(run.peakTotalAtSeconds),
    peakTotalUpperBoundBytes: run.peakTotalUpperBoundBytes,
    holderAtPeak: holder === null ? null : { pid: holder.pid, command: holder.command, bytes: holder.atTotalPeakBytes },
    exitCode: run.exitCode,
    processes: run.processes.map(processJson),
    vanishedProcesses: run.vanished,
    hwmOnlyProcesses: run.hwmOnly.map(hwmOnlyJson),
    pace: paceJson(run.pace),
    period: periodJson(run.period),
    kernel: kernelJson(run.kernel),
    warnings: run.warnings.map(readWarningText),
    node: nodeJson(run.node),
    ...phasesJson(run),
  };
}
