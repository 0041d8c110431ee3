import { PaceTally, type PaceTallyState, type SlowPace } from '../analysis/pace.js';
import { StreamingBound, type StreamingBoundState } from '../analysis/streaming-bound.js';
import {
  encodeChldFormatted,
  encodeCmd,
  encodeDone,
  encodeExit,
  encodeHwm,
  encodeMem,
  encodeHeap,
  encodeHeapEnd,
  encodeMark,
  encodePace,
  encodePeriod,
  encodeProc,
  encodeV8,
  encodeUnread,
  formatMiB,
  formatTime,
} from '../format/encode.js';
import { encodeCgroupTick } from '../format/cgroup-lines.js';
import type { MemScope } from '../format/types.js';
import type { Reading, TickResult } from '../platform/types.js';
import type { ProbeMessage } from '../probe/wire.js';

/** Where the whole tree peaked, and which process held most at that moment. */
export interface PeakSummary {
  bytes: number;
  /** Seconds from the first sample. */
  atSeconds: number;
  top: { pid: number; command: string; bytes: number } | null;
}

export interface RecorderOptions {
  rootPid: number;
  memScope: MemScope;
  perProcess: boolean;
  /** Whether descendants are read at all: then the peak is the tree's, else the root's alone. */
  followTree: boolean;
}

/** A process whose metric could not be read, so it is counted by RSS. */
export interface UnreadProcess {
  command: string;
  reason: string;
}

/** What the recorder keeps between ticks, as plain data that can be copied to another thread. */
export interface RecorderState {
  commands: Map<number, string>;
  lastSeen: Map<number, number>;
  firstTime: number | null;
  bound: StreamingBoundState;
  sawHighWater: boolean;
  peak: PeakSummary | null;
  unread: Map<number, UnreadProcess>;
  pace: PaceTallyState | null;
  lastTime: number | null;
  /** A `PERIOD` line waiting for the tick it goes with. */
  pending: string;
}

/**
 * Turns each tick into `.dat` lines, written in one call so a kill leaves only whole lines, and keeps
 * only what the summary needs (state per live process, nothing per sample: memory stays flat).
 */
export class Recorder {
  private readonly commands: Map<number, string>;
  private readonly lastSeen: Map<number, number>;
  private firstTime: number | null;
  /** The peak's upper bound from each process's life and the most it can have held (HWM or sampled). */
  private readonly bound: StreamingBound;
  private sawHighWater: boolean;
  /** How long the metric was read at each pace: said at the end when it fell below the period. */
  private pace: PaceTally | null;
  private lastTime: number | null;
  private pending: string;
  peak: PeakSummary | null;
  /** Processes counted by RSS because the metric could not be read, and why: for the end of the run. */
  readonly unread: Map<number, UnreadProcess>;

  /** A new recorder, or one carried on from `state` (sampling moves to another thread). */
  constructor(
    private readonly write: (text: string) => void,
    private readonly options: RecorderOptions,
    state?: RecorderState,
  ) {
    this.commands = state?.commands ?? new Map();
    this.lastSeen = state?.lastSeen ?? new Map();
    this.firstTime = state?.firstTime ?? null;
    this.bound = new StreamingBound(state?.bound);
    this.sawHighWater = state?.sawHighWater ?? false;
    this.peak = state?.peak ?? null;
    this.unread = state?.unread ?? new Map();
    this.pace = state?.pace ? new PaceTally(state.pace.start, state.pace) : null;
    this.lastTime = state?.lastTime ?? null;
    this.pending = state?.pending ?? '';
  }

  get state(): RecorderState {
    return {
      commands: this.commands,
      lastSeen: this.lastSeen,
      firstTime: this.firstTime,
      bound: this.bound.state,
      sawHighWater: this.sawHighWater,
      peak: this.peak,
      unread: this.unread,
      pace: this.pace?.state ?? null,
      lastTime: this.lastTime,
      pending: this.pending,
    };
  }

  /** Processes seen and not yet gone. */
  get live(): number {
    return this.commands.size;
  }

  /**
   * From `time` on, ticks come every `seconds`: the `PERIOD` line goes out with the next `record`, the tick
   * that changed it, so the file's lines stay whole ticks. A paced metric's pace is judged against it.
   */
  periodChanged(seconds: number, time: number): void {
    this.pace ??= new PaceTally(time);
    this.pace.period(seconds, time);
    this.pending += encodePeriod(seconds, time);
  }

  /**
   * Write a tick's lines; `rootCommand` names the root when a reading of it comes before its PROC line;
   * `probed` are the messages the run's channel held (Node heaps, marks).
   */
  record(time: number, tick: TickResult, rootCommand?: string, probed?: ProbeMessage[]): void {
    if (rootCommand !== undefined) this.commands.set(this.options.rootPid, rootCommand);
    let text = this.pending;
    this.pending = '';
    this.lastTime = time;
    this.pace ??= new PaceTally(time);
    for (const p of tick.appeared) {
      this.commands.set(p.pid, p.command);
      this.bound.start(p.pid, time);
      text += encodeProc(p.pid, p.ppid, p.startTime, time, p.command);
    }
    if (tick.paceSeconds !== null) {
      this.pace.change(tick.paceSeconds, time);
      text += encodePace(tick.paceSeconds, time);
    }
    for (const r of tick.renamed) {
      this.commands.set(r.pid, r.command);
      text += encodeCmd(r.pid, r.command);
    }
    // After the renames: an exec is what makes a process unreadable, and the new command is the one to name.
    for (const u of tick.unreadable) {
      if (!this.unread.has(u.pid))
        this.unread.set(u.pid, { command: this.commands.get(u.pid) ?? '', reason: u.reason });
      text += encodeUnread(u.pid, time, u.reason);
    }
    // Before the samples: a mark made before this tick's time must come before its MEM line.
    if (probed !== undefined && probed.length > 0) text += this.probeLines(probed);
    text += this.sampleLines(time, tick.readings);
    for (const h of tick.highWater) {
      this.sawHighWater = true;
      this.bound.raise(h.pid, h.bytes);
      text += encodeHwm(h.pid, h.bytes, time);
    }
    if (tick.cgroup) text += encodeCgroupTick(tick.cgroup, time);
    for (const pid of tick.vanished) {
      text += encodeExit(pid, this.lastSeen.get(pid) ?? time, time);
      this.bound.end(pid);
      this.lastSeen.delete(pid);
      this.commands.delete(pid);
    }
    this.write(text);
  }

  /**
   * The upper end of the total's peak bracket: the largest sum of kernel high-water marks of processes
   * alive at the same time; null when the source gives no high-water marks (ps).
   */
  get upperBoundBytes(): number | null {
    return this.sawHighWater ? this.bound.bytes : null;
  }

  /** How slowly the metric was read against the sampling period, up to the last tick or the end; null: every tick. */
  slowPace(periodSeconds: number): SlowPace | null {
    return this.pace && this.lastTime !== null ? this.pace.result(periodSeconds, this.lastTime) : null;
  }

  /** Messages read outside a tick (the last ones, once sampling stopped). */
  recordProbes(probed: ProbeMessage[]): void {
    if (probed.length > 0) this.write(this.probeLines(probed));
  }

  /**
   * Heaps of the processes this recording follows (whose PROC line is written and EXIT not yet: without
   * -M or -C, the main process alone), and every mark. A process not seen yet loses its sample, rarely.
   */
  private probeLines(probed: ProbeMessage[]): string {
    let text = '';
    for (const m of probed) {
      const time = m.timeMs / 1000;
      if (m.kind === 'mark') text += encodeMark(m.pid, time, m.label);
      else if (!this.commands.has(m.pid)) continue;
      else if (m.kind === 'heap') text += encodeHeap(m.pid, m.thread, m, time);
      else if (m.kind === 'v8') text += encodeV8(m.pid, m.thread, m, time);
      else text += encodeHeapEnd(m.pid, m.thread, time);
    }
    return text;
  }

  finish(time: number, exitCode: number | null): void {
    this.lastTime = time;
    this.write(encodeDone(time, exitCode));
  }

  private sampleLines(time: number, readings: Reading[]): string {
    let root: Reading | undefined;
    let total = 0;
    for (const r of readings) {
      total += r.bytes;
      if (r.pid === this.options.rootPid) root = r;
    }
    const mem = this.options.memScope === 'tree' ? (readings.length > 0 ? total : undefined) : root?.bytes;
    // Without a MEM line, CHLD lines would be read as part of the previous tick.
    if (mem === undefined) return '';
    this.firstTime ??= time;
    for (const r of readings) {
      this.lastSeen.set(r.pid, time);
      this.bound.raise(r.pid, r.bytes);
    }
    this.trackPeak(time, this.options.followTree ? total : mem, readings);
    let text = encodeMem(mem, time);
    if (this.options.perProcess) {
      const at = formatTime(time);
      for (const r of readings) if (r.pid !== this.options.rootPid) text += encodeChldFormatted(r.pid, mibText(r), at);
    }
    return text;
  }

  /**
   * At the end: an EXIT line for every process seen and not yet gone that is not in `alive` (it ended
   * after the last tick), so the file's DONE line finds every ended process closed.
   */
  closeEnded(time: number, alive: ReadonlySet<number>): void {
    let text = '';
    for (const pid of this.commands.keys()) {
      if (!alive.has(pid)) text += encodeExit(pid, this.lastSeen.get(pid) ?? time, time);
    }
    this.write(text);
  }

  /** The command line of a process seen and not yet gone. */
  commandOf(pid: number): string | null {
    return this.commands.get(pid) ?? null;
  }

  private trackPeak(time: number, total: number, readings: Reading[]): void {
    if (this.peak !== null && total <= this.peak.bytes) return;
    let top: Reading | null = null;
    for (const r of readings) if (top === null || r.bytes > top.bytes) top = r;
    this.peak = {
      bytes: total,
      atSeconds: time - this.firstTime!,
      top: top && { pid: top.pid, bytes: top.bytes, command: this.commands.get(top.pid) ?? '' },
    };
  }
}

/**
 * A reading's size as its CHLD line writes it, formatted again only when it changed: a procfs source
 * reuses each process's Reading, and most processes hold the same pages from one tick to the next.
 */
function mibText(r: Reading): string {
  if (r.mibText === undefined || r.mibTextOf !== r.bytes) {
    r.mibText = formatMiB(r.bytes);
    r.mibTextOf = r.bytes;
  }
  return r.mibText;
}
