import type { Header, Marker } from '../format/types.js';
import type { MemReading } from './tick-totals.js';
import { looksLikeNode, type NodeHeaps } from './node-heaps.js';
import type { PhaseTally } from './phases.js';
import type { ProcessStats } from './run-stats.js';
import type { HeapRow, MarkSummary, NodeSummary, PhaseSummary, ProcessSummary } from './summary.js';

/** What the Node and phase parts of a summary are made from. */
export interface NodeFacts {
  header: Header | null;
  processes: ProcessStats[];
  marks?: Marker[];
}

/**
 * Each probed process's heap beside its peak in the table (`rows`), and which Node processes were not
 * probed; null when the run neither probed (header `node=1`) nor holds a heap line.
 */
export function nodeSummary(
  facts: NodeFacts,
  heaps: NodeHeaps,
  rows: ProcessSummary[],
  t0: number,
): NodeSummary | null {
  if (heaps.byKey.size === 0 && facts.header?.nodeProbe !== true) return null;
  const peaks = new Map(rows.map((r) => [r.key, r.peakBytes]));
  const processes: HeapRow[] = [];
  const notProbed: NodeSummary['notProbed'] = [];
  for (const p of facts.processes) {
    const heap = heaps.byKey.get(p.key);
    if (heap === undefined) {
      if (looksLikeNode(p.command)) notProbed.push({ pid: p.pid, command: p.command });
      continue;
    }
    const { heapUsed, heapTotal, external, arrayBuffers } = heap.peaks;
    processes.push({
      key: p.key,
      pid: p.pid,
      command: p.command,
      peakBytes: peaks.get(p.key) ?? null,
      heapUsedBytes: heapUsed.bytes,
      heapUsedAtSeconds: heapUsed.time - t0,
      heapTotalBytes: heapTotal.bytes,
      externalBytes: external.bytes,
      arrayBuffersBytes: arrayBuffers.bytes,
      threads: heap.threadsSeen.size,
      heapLimitBytes: heap.limitBytes,
      mallocedBytes: heap.mallocedPeakBytes,
      detachedContexts: heap.detachedContextsPeak,
    });
  }
  return { probed: processes.length, notProbed, processes };
}

export function markSummaries(marks: Marker[] | undefined, t0: number): MarkSummary[] {
  return [...(marks ?? [])]
    .sort((a, b) => a.time - b.time)
    .map((m) => ({ label: m.label, atSeconds: m.time - t0, pid: m.pid }));
}

/**
 * The run's phases, cut at its marks: each one's total peak and each process's, in the reading the run uses
 * (the main process's own only where `ownSizes`, see ownSizesKnown).
 */
export function phaseSummaries(
  tally: PhaseTally,
  facts: NodeFacts,
  span: { t0: number; end: number; reading: MemReading; rootKey: string | null; ownSizes: boolean },
): PhaseSummary[] {
  // A run without marks has no phases: no table of its processes to make.
  if (tally.phases.length === 0) return [];
  const { t0, end, reading } = span;
  const byKey = new Map(facts.processes.map((p) => [p.key, p]));
  const root = span.rootKey === null ? null : (byKey.get(span.rootKey) ?? null);
  return tally.phases.map((figures, k) => {
    const total = figures.totals[reading];
    const own = figures.roots[reading];
    const processes: PhaseSummary['processes'] = [];
    if (span.ownSizes && Number.isFinite(own.bytes)) {
      processes.push({
        key: root?.key ?? 'main',
        pid: root?.pid ?? null,
        command: root?.command ?? null,
        peakBytes: own.bytes,
        peakAtSeconds: own.time - t0,
      });
    }
    for (const [key, peak] of figures.processes) {
      const p = byKey.get(key);
      if (peak.bytes <= 0) continue;
      processes.push({
        key,
        pid: p?.pid ?? null,
        command: p?.command ?? null,
        peakBytes: peak.bytes,
        peakAtSeconds: peak.time - t0,
      });
    }
    processes.sort((a, b) => b.peakBytes - a.peakBytes);
    const from = k === 0 ? t0 : tally.marks[k - 1]!.time;
    const to = k < tally.marks.length ? tally.marks[k]!.time : end;
    return {
      label: k === 0 ? null : tally.marks[k - 1]!.label,
      startSeconds: Math.max(0, from - t0),
      endSeconds: Math.max(0, to - t0),
      peakTotalBytes: Number.isFinite(total.bytes) ? total.bytes : null,
      peakTotalAtSeconds: Number.isFinite(total.bytes) ? total.time - t0 : null,
      processes,
    };
  });
}
