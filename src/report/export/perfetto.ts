import type { SampleRow } from '../../analysis/export-pass.js';
import type { ScannedRun } from '../../analysis/plot-passes.js';
import type { ProcessSummary } from '../../analysis/summary.js';
import type { FuncBracket } from '../../format/types.js';
import { isoTime } from '../json.js';
import type { Exporter, RunRows } from './exporter.js';

/**
 * Linux never gives a pid above 2^22 (PID_MAX_LIMIT): ids from there on stand for what has no pid of its
 * own (an mprof file's main process, the thread of mprof's FUNC brackets) and never meet a real one.
 */
export const SYNTHETIC_ID = 2 ** 22;

const mainPidOf = (run: number): number => SYNTHETIC_ID + 2 * run;
const funcTidOf = (run: number): number => SYNTHETIC_ID + 2 * run + 1;

/** The trace-event counter names: Perfetto names a counter track `<name> <arg>`, so `memory rss`. */
export const COUNTER = { process: 'memory', total: 'total memory' } as const;

type TraceEvent = Record<string, unknown>;

/** Microseconds (the trace-event format's unit) from the first run's start, to 0.1 ms as recorded. */
function micros(epochSeconds: number, base: number): number {
  return Math.round((epochSeconds - base) * 1e4) * 100;
}

/** The traceEvents array's elements, written one a line: every one but the first after a comma. */
class EventList {
  private first = true;

  add(e: TraceEvent): string {
    const text = `${this.first ? '' : ',\n'}${JSON.stringify(e)}`;
    this.first = false;
    return text;
  }
}

/** Each process's name and its lifetime slice, once the run's samples are in. */
function processEvents(events: EventList, run: ScannedRun, base: number, rootPid: number): string {
  const s = run.summary;
  let out = '';
  const named = new Set<number>();
  for (const p of s.processes) {
    const pid = p.pid ?? rootPid;
    const name = p.command ?? (p.isRoot ? 'main' : `pid ${pid}`);
    if (!named.has(pid)) {
      named.add(pid);
      out += events.add({ name: 'process_name', ph: 'M', pid, tid: pid, args: { name } });
      out += events.add({ name: 'thread_name', ph: 'M', pid, tid: pid, args: { name } });
    }
    out += events.add(lifetime(p, pid, name, s.startTime, base));
  }
  return out;
}

/** A process's lifetime in the recording, first to last time seen, as a complete slice on its main thread. */
function lifetime(p: ProcessSummary, pid: number, name: string, start: number, base: number): TraceEvent {
  const ts = micros(start + p.startSeconds, base);
  const dur = Math.max(0, micros(start + p.endSeconds, base) - ts);
  const args = {
    pid: p.pid,
    ppid: p.ppid,
    command: p.command,
    peakBytes: p.peakBytes,
    hwmBytes: p.hwmBytes,
    exited: p.exited,
    stillRunning: p.stillRunning,
  };
  return { name, cat: 'process', ph: 'X', ts, dur, pid, tid: pid, args };
}

function counter(name: string, ts: number, pid: number, metric: string, bytes: number): TraceEvent {
  return { name, ph: 'C', ts, pid, tid: pid, args: { [metric]: bytes } };
}

function runRows(events: EventList, run: ScannedRun, base: number): RunRows {
  const s = run.summary;
  const rootPid = s.processes.find((p) => p.isRoot)?.pid ?? mainPidOf(s.run);
  const funcTid = funcTidOf(s.run);
  let funcNamed = false;
  // MEM of the main process alone: the total gets a counter of its own (MEM holding the tree is the total).
  const totalApart = s.coversTree && !s.memScope.childrenIncluded;
  return {
    start: () => '',
    sample: (row: SampleRow) => {
      const name = row.scope === 'tree' ? COUNTER.total : COUNTER.process;
      return events.add(counter(name, micros(row.time, base), row.pid ?? rootPid, row.metric, row.bytes));
    },
    tick: (time, totalBytes) =>
      totalApart ? events.add(counter(COUNTER.total, micros(time, base), rootPid, s.metric, totalBytes)) : '',
    func: (f: FuncBracket) => {
      let out = '';
      if (!funcNamed) {
        funcNamed = true;
        out += events.add({ name: 'thread_name', ph: 'M', pid: rootPid, tid: funcTid, args: { name: '@profile' } });
      }
      const ts = micros(f.start, base);
      const dur = Math.max(0, micros(f.end, base) - ts);
      const args = { memStartBytes: f.memStart, memEndBytes: f.memEnd, level: f.level };
      return out + events.add({ name: f.name, cat: 'function', ph: 'X', ts, dur, pid: rootPid, tid: funcTid, args });
    },
    finish: () => processEvents(events, run, base, rootPid) + markEvents(events, run, base, rootPid),
  };
}

/** `memprof mark` and mark(): an instant event across the whole trace at each, named by its label. */
function markEvents(events: EventList, run: ScannedRun, base: number, rootPid: number): string {
  const s = run.summary;
  let out = '';
  for (const m of s.marks) {
    const ts = micros(s.startTime + m.atSeconds, base);
    const args = { markedBy: m.pid };
    out += events.add({ name: m.label, cat: 'mark', ph: 'i', ts, pid: rootPid, tid: rootPid, s: 'g', args });
  }
  return out;
}

/**
 * Chrome's trace-event JSON (the Perfetto UI and chrome://tracing open it): a counter track per process
 * and one for the total, each process's lifetime as a slice named by its command, mprof's FUNC brackets as
 * slices of a thread of the main process, phase marks as instant events. Written as the recording is read: the traceEvents array grows one
 * event a line, and the object closes after the last.
 */
export function perfettoExporter(file: string): Exporter {
  const events = new EventList();
  let base = 0;
  return {
    begin: (runs) => {
      base = runs.reduce((min, r) => Math.min(min, r.summary.startTime), Infinity);
      const other = { source: 'memprof', file, startTime: isoTime(base) };
      return `{"displayTimeUnit":"ms","otherData":${JSON.stringify(other)},"traceEvents":[\n`;
    },
    rows: (run) => runRows(events, run, base),
    end: () => '\n]}\n',
  };
}
