import { escapeControls } from '../command-line.js';
import { foldCgroupLine, type CgroupFacts } from './cgroup-facts.js';
import type { HeapLine, Line, V8Line } from './parse-line.js';
import type { FuncBracket, Header, Marker, PaceChange, PeriodChange, ProcessMeta, Reading } from './types.js';

/** What a Node process's probe said: an isolate's heap, V8's statistics, or a worker thread's end. */
export type HeapFact = HeapLine | V8Line | { type: 'HEAPEND'; pid: number; thread: number; time: number };

/**
 * Where a run's samples go: kept whole (a Recording, for plots) or folded into running numbers as they
 * come (a summary, in memory that does not grow with the file). The builder keeps everything else.
 */
export interface SampleStore<P extends ProcessMeta> {
  /** The store's object for a new process: `meta` with whatever the store keeps per process. */
  newProcess(meta: ProcessMeta): P;
  hasSamples(p: P): boolean;
  /** A MEM line's reading, then a CHLD line's (the reading object is reused: copy what is kept). */
  mem(r: Reading): void;
  /** A CHLD sample, which is also a time the process was seen (see RunBuilder.seen): the store folds it in. */
  sample(p: P, r: Reading): void;
  /** The run's main process is known (its first `PROC` line): its `CHLD` samples are not a descendant's. */
  rooted(p: P): void;
  /** The process ended (an `EXIT` line): nothing about it changes after this, and its times are complete. */
  ended(p: P): void;
  func(f: FuncBracket): void;
  pace(p: PaceChange): void;
  /** A Node process's heap line (HEAP, V8, HEAPEND): only stores that report heaps take them. */
  heap?(p: P, fact: HeapFact): void;
  /** A MARK line, in file order (the builder keeps every marker too). */
  mark?(m: Marker): void;
  period(p: PeriodChange): void;
}

/** A power of two: pids below it never share a slot of RunBuilder.recent. */
const RECENT_SLOTS = 1 << 16;
/** The table's first size: a small file's few low pids cost no fill of all RECENT_SLOTS (a millisecond). */
const FIRST_SLOTS = 1 << 8;

/** Builds one run from its lines, tracking process identity across reused pids; samples go to the store. */
export class RunBuilder<P extends ProcessMeta, S extends SampleStore<P> = SampleStore<P>> {
  command: string | null = null;
  header: Header | null = null;
  done: { time: number; exitCode: number | null } | null = null;
  /** Key of the root process (the command memprof started), when the file says. */
  rootKey: string | null = null;
  /** The run's own cgroup, when memprof started the command in one (its `CGROUP` line). */
  cgroup: CgroupFacts | null = null;
  /** In order of first appearance. */
  readonly processes: P[] = [];
  /** The run's phase markers, in file order. */
  readonly marks: Marker[] = [];
  /** The latest process of each pid, by its index in `processes`. */
  private readonly current = new Map<number, number>();
  /**
   * The live process of each pid, by its low bits, as 1 + its index in `processes` (0: none): a sample's pid
   * is found by an array read, not a hash. Numbers, not the objects: a typed array of 65,536 is made at once,
   * where an array of them filled with null takes most of a millisecond.
   */
  private recent = new Int32Array(FIRST_SLOTS);
  private slotMask = FIRST_SLOTS - 1;
  private readonly reuse = new Map<number, number>();
  private memLines = 0;

  constructor(readonly store: S) {}

  /**
   * Samples or processes; or memprof's header and its DONE line with nothing between: a run closed before
   * its first reading (a command quicker than a tick), which has no figure but is a recording.
   */
  get hasData(): boolean {
    return this.memLines > 0 || this.processes.length > 0 || (this.header !== null && this.done !== null);
  }

  private newProcess(pid: number): P {
    const n = (this.reuse.get(pid) ?? 0) + 1;
    this.reuse.set(pid, n);
    const p = this.store.newProcess({
      key: n === 1 ? String(pid) : `${pid}#${n}`,
      pid,
      ppid: null,
      command: null,
      startTime: null,
      firstSeen: null,
      lastSeen: null,
      exited: false,
      hwmBytes: null,
    });
    this.current.set(pid, this.processes.length);
    this.processes.push(p);
    if (pid > this.slotMask && this.recent.length < RECENT_SLOTS) this.growRecent(pid);
    this.recent[pid & this.slotMask] = this.processes.length;
    return p;
  }

  /** Doubles the table until pid has a slot of its own (or it has RECENT_SLOTS); the live processes move in. */
  private growRecent(pid: number): void {
    let size = this.recent.length;
    while (size <= pid && size < RECENT_SLOTS) size *= 2;
    this.recent = new Int32Array(size);
    this.slotMask = size - 1;
    for (const i of this.current.values()) {
      const p = this.processes[i]!;
      if (!p.exited) this.recent[p.pid & this.slotMask] = i + 1;
    }
  }

  private process(pid: number): P {
    const slot = pid & this.slotMask;
    const held = this.recent[slot]!;
    if (held > 0) {
      const cached = this.processes[held - 1]!;
      if (cached.pid === pid && !cached.exited) return cached;
    }
    const p = this.live(pid);
    if (!p || p.exited) return this.newProcess(pid);
    this.recent[slot] = this.current.get(pid)! + 1;
    return p;
  }

  /** The latest process of a pid, ended or not. */
  private live(pid: number): P | undefined {
    const i = this.current.get(pid);
    return i === undefined ? undefined : this.processes[i];
  }

  /** A time the process was seen (its `PROC` and `EXIT` lines; the store folds in its samples' times). */
  private seen(p: P, time: number): void {
    if (p.firstSeen === null || time < p.firstSeen) p.firstSeen = time;
    if (p.lastSeen === null || time > p.lastSeen) p.lastSeen = time;
  }

  addMem(r: Reading): void {
    this.memLines++;
    this.store.mem(r);
  }

  addChld(pid: number, r: Reading): void {
    const p = this.process(pid);
    this.store.sample(p, r);
  }

  add(line: Line): void {
    switch (line.type) {
      case 'CMDLINE':
        this.command = escapeControls(line.command);
        break;
      case 'MEMPROF':
        this.header = line.header;
        break;
      case 'MEM':
        this.addMem(line);
        break;
      case 'CHLD':
        this.addChld(line.pid, line);
        break;
      case 'PROC':
        this.addProc(line);
        break;
      case 'CMD':
        this.process(line.pid).command = escapeControls(line.command);
        break;
      case 'EXIT': {
        const p = this.process(line.pid);
        this.seen(p, line.lastSeen);
        p.exited = true;
        p.goneAt = line.goneAt;
        this.store.ended(p);
        break;
      }
      case 'UNREAD':
        this.process(line.pid).unread ??= { reason: line.reason, since: line.time };
        break;
      case 'HWM': {
        const p = this.process(line.pid);
        p.hwmBytes = Math.max(p.hwmBytes ?? 0, line.bytes);
        break;
      }
      case 'FUNC':
        this.store.func({ ...line });
        break;
      case 'PACE':
        this.store.pace({ seconds: line.seconds, time: line.time });
        break;
      case 'PERIOD':
        this.store.period({ seconds: line.seconds, time: line.time });
        break;
      case 'DONE':
        this.done = { time: line.time, exitCode: line.exitCode };
        break;
      case 'CGROUP':
      case 'CGMEM':
      case 'CGSTAT':
      case 'CGPEAK':
      case 'OOM':
        this.cgroup = foldCgroupLine(this.cgroup, line, (pid) => this.live(pid)?.key ?? null);
        break;
      case 'HEAP':
      case 'V8':
      case 'HEAPEND':
        this.store.heap?.(this.process(line.pid), line);
        break;
      case 'MARK': {
        const mark = { pid: line.pid, time: line.time, label: line.label };
        this.marks.push(mark);
        this.store.mark?.(mark);
        break;
      }
      case 'other':
        break;
    }
  }

  /** A `PROC` line describes the live process of its pid if nothing is known of it yet, else a new one. */
  private addProc(line: Extract<Line, { type: 'PROC' }>): void {
    const known = this.live(line.pid);
    const p =
      known && !known.exited && known.startTime === null && !this.store.hasSamples(known)
        ? known
        : this.newProcess(line.pid);
    p.ppid = line.ppid;
    p.command = escapeControls(line.command);
    p.startTime = line.startTime;
    this.seen(p, line.seen);
    if (this.rootKey === null) {
      this.rootKey = p.key;
      this.store.rooted(p);
    }
  }
}
