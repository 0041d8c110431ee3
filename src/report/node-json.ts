import type { NodeSummary, RunSummary } from '../analysis/summary.js';

const seconds = (s: number): number | null => (Number.isFinite(s) ? Math.round(s * 1e4) / 1e4 : null);

/** `node` in `peak --json`: which Node processes were probed, and each probed one's heap peaks. */
export function nodeJson(node: NodeSummary | null): Record<string, unknown> | null {
  if (node === null) return null;
  return {
    probed: node.probed,
    notProbed: node.notProbed,
    processes: node.processes.map((p) => ({
      pid: p.pid,
      command: p.command,
      peakBytes: p.peakBytes,
      heapUsedBytes: p.heapUsedBytes,
      heapUsedAtSeconds: seconds(p.heapUsedAtSeconds),
      heapTotalBytes: p.heapTotalBytes,
      externalBytes: p.externalBytes,
      arrayBuffersBytes: p.arrayBuffersBytes,
      threads: p.threads,
      heapLimitBytes: p.heapLimitBytes,
      mallocedBytes: p.mallocedBytes,
      detachedContexts: p.detachedContexts,
    })),
  };
}

/** `marks` and `phases` in `peak --json`. */
export function phasesJson(run: RunSummary): Record<string, unknown> {
  return {
    marks: run.marks.map((m) => ({ label: m.label, atSeconds: seconds(m.atSeconds), pid: m.pid })),
    phases: run.phases.map((p) => ({
      label: p.label,
      startSeconds: seconds(p.startSeconds),
      endSeconds: seconds(p.endSeconds),
      peakTotalBytes: p.peakTotalBytes,
      peakTotalAtSeconds: p.peakTotalAtSeconds === null ? null : seconds(p.peakTotalAtSeconds),
      processes: p.processes.map((q) => ({
        pid: q.pid,
        command: q.command,
        peakBytes: q.peakBytes,
        peakAtSeconds: seconds(q.peakAtSeconds),
      })),
    })),
  };
}
