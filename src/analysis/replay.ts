import type { SampleStore } from '../format/run-builder.js';
import type { ProcessMeta, ProcessRecord, Recording } from '../format/types.js';
import type { RunStats } from './run-stats.js';
import type { RunFacts } from './summarize-run.js';
import { goneTime } from './upper-bound.js';

function metaOf(p: ProcessRecord): ProcessMeta {
  return {
    key: p.key,
    pid: p.pid,
    ppid: p.ppid,
    command: p.command,
    startTime: p.startTime,
    firstSeen: p.firstSeen,
    lastSeen: p.lastSeen,
    exited: p.exited,
    goneAt: p.goneAt,
    hwmBytes: p.hwmBytes,
    unread: p.unread,
  };
}

/**
 * A decoded recording folded as its file would have been read: tick by tick, each MEM then the samples
 * that followed it, so a recording in memory is summarized by the same definitions as a streamed file.
 */
export function replayRecording<S extends RunStats>(rec: Recording, stats: S): { facts: RunFacts; stats: S } {
  const processes = replayInto(rec, stats);
  for (let i = 0; i < rec.processes.length; i++) {
    const p = rec.processes[i]!;
    processes[i]!.until = goneTime(rec.mem.t, p.exited, p.goneAt ?? null, p.lastSeen ?? -Infinity);
  }
  stats.finish();
  const { command, header, done, rootKey } = rec;
  const facts = { command, header, done, rootKey, processes, cgroup: rec.cgroup ?? null, marks: rec.marks ?? [] };
  return { facts, stats };
}

/** Hand a decoded recording to a store in the order its file's lines came; the store's processes, in order. */
export function replayInto<P extends ProcessMeta>(rec: Recording, store: SampleStore<P>): P[] {
  // Loops, not forEach with a closure: a recording may hold 100,000 processes, replayed once per pass.
  const processes = new Array<P>(rec.processes.length);
  for (let i = 0; i < rec.processes.length; i++) {
    const p = rec.processes[i]!;
    processes[i] = store.newProcess(metaOf(p));
    if (p.key === rec.rootKey) store.rooted(processes[i]!);
  }
  // Marks first: a store that splits the run into phases then places every sample by its time.
  for (const m of rec.marks ?? []) store.mark?.(m);
  replaySamples(rec, processes, store);
  if (rec.heaps !== undefined && rec.heaps.length > 0) {
    const byKey = new Map(processes.map((p) => [p.key, p]));
    for (const { key, fact } of rec.heaps) store.heap?.(byKey.get(key)!, fact);
  }
  for (const f of rec.funcs) store.func(f);
  for (const p of rec.paces) store.pace(p);
  for (const p of rec.periods) store.period(p);
  return processes;
}

/** Every MEM in order, each followed by the samples of its tick (a counting sort of the samples by tick). */
function replaySamples<P extends ProcessMeta>(rec: Recording, processes: P[], store: SampleStore<P>): void {
  const ticks = Math.max(1, rec.mem.t.length);
  const starts = new Int32Array(ticks + 1);
  for (const p of rec.processes) for (const tick of p.tickOf) starts[tick + 1]!++;
  for (let k = 0; k < ticks; k++) starts[k + 1]! += starts[k]!;
  const total = starts[ticks]!;
  const owner = new Int32Array(total);
  const index = new Int32Array(total);
  const next = starts.slice(0, ticks);
  for (let i = 0; i < rec.processes.length; i++) {
    const { tickOf } = rec.processes[i]!;
    for (let j = 0; j < tickOf.length; j++) {
      const at = next[tickOf[j]!]!++;
      owner[at] = i;
      index[at] = j;
    }
  }
  // One reading object, filled in place (the store copies what it keeps): none made per sample.
  const reading = { bytes: 0, time: 0 };
  for (let k = 0; k < ticks; k++) {
    if (k < rec.mem.t.length) {
      reading.bytes = rec.mem.v[k]!;
      reading.time = rec.mem.t[k]!;
      store.mem(reading);
    }
    for (let at = starts[k]!; at < starts[k + 1]!; at++) {
      const { samples } = rec.processes[owner[at]!]!;
      const i = index[at]!;
      reading.bytes = samples.v[i]!;
      reading.time = samples.t[i]!;
      store.sample(processes[owner[at]!]!, reading);
    }
  }
}
