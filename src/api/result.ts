import type { RunSummary } from '../analysis/summary.js';
import type { RecordedHeap, RecordedRun } from './types.js';

/** A run's summary in the API's terms. */
export function recordedRun(run: RunSummary, exitCode: number, file: string | null): RecordedRun {
  const heaps = new Map<string, RecordedHeap>();
  for (const h of run.node?.processes ?? []) {
    heaps.set(h.key, {
      heapUsedBytes: h.heapUsedBytes,
      heapUsedAtSeconds: h.heapUsedAtSeconds,
      heapTotalBytes: h.heapTotalBytes,
      externalBytes: h.externalBytes,
      arrayBuffersBytes: h.arrayBuffersBytes,
      threads: h.threads,
    });
  }
  return {
    exitCode,
    file,
    command: run.command,
    startTime: run.startTime,
    durationSeconds: run.durationSeconds,
    peakTotalBytes: run.peakTotalBytes,
    peakTotalAtSeconds: run.peakTotalAtSeconds,
    processes: run.processes.map((p) => ({
      pid: p.pid,
      ppid: p.ppid,
      command: p.command,
      isRoot: p.isRoot,
      peakBytes: p.peakBytes,
      peakAtSeconds: p.peakAtSeconds,
      startSeconds: p.startSeconds,
      endSeconds: p.endSeconds,
      heap: heaps.get(p.key) ?? null,
    })),
    nodeProcesses: { probed: run.node?.probed ?? 0, notProbed: run.node?.notProbed.length ?? 0 },
    marks: run.marks.map((m) => ({ ...m })),
    phases: run.phases.map((p) => ({
      label: p.label,
      startSeconds: p.startSeconds,
      endSeconds: p.endSeconds,
      peakTotalBytes: p.peakTotalBytes,
      processes: p.processes.map((q) => ({ pid: q.pid, command: q.command, peakBytes: q.peakBytes })),
    })),
  };
}
