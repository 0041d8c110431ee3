import type { ProcessMeta, ProcessRecord, Recording } from '../format/types.js';
import { RunStats, type ProcessStats } from './run-stats.js';
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
export function replayRecording(rec: Recording): { facts: RunFacts; stats: RunStats } {
  const stats = new RunStats();
  const processes = rec.processes.map((p) => stats.newProcess(metaOf(p)));
  rec.processes.forEach((p, i) => {
    const stat = processes[i]!;
    if (p.key === rec.rootKey) stats.rooted(stat);
    stat.until = goneTime(rec.mem.t, p.exited, p.goneAt ?? null, p.lastSeen ?? -Infinity);
  });
  replaySamples(rec, processes, stats);
  for (const f of rec.funcs) stats.func(f);
  for (const p of rec.paces) stats.pace(p);
  stats.finish();
  const facts = { command: rec.command, header: rec.header, done: rec.done, rootKey: rec.rootKey, processes };
  return { facts, stats };
}

/** Every MEM in order, each followed by the samples of its tick (a counting sort of the samples by tick). */
function replaySamples(rec: Recording, processes: ProcessStats[], stats: RunStats): void {
  const ticks = Math.max(1, rec.mem.t.length);
  const starts = new Int32Array(ticks + 1);
  for (const p of rec.processes) for (const tick of p.tickOf) starts[tick + 1]!++;
  for (let k = 0; k < ticks; k++) starts[k + 1]! += starts[k]!;
  const total = starts[ticks]!;
  const owner = new Int32Array(total);
  const index = new Int32Array(total);
  const next = starts.slice(0, ticks);
  rec.processes.forEach((p, i) => {
    p.tickOf.forEach((tick, j) => {
      const at = next[tick]!++;
      owner[at] = i;
      index[at] = j;
    });
  });
  const reading = { bytes: 0, time: 0 };
  for (let k = 0; k < ticks; k++) {
    if (k < rec.mem.t.length) stats.mem(Object.assign(reading, { bytes: rec.mem.v[k]!, time: rec.mem.t[k]! }));
    for (let at = starts[k]!; at < starts[k + 1]!; at++) {
      const { samples } = rec.processes[owner[at]!]!;
      const i = index[at]!;
      stats.sample(processes[owner[at]!]!, Object.assign(reading, { bytes: samples.v[i]!, time: samples.t[i]! }));
    }
  }
}
