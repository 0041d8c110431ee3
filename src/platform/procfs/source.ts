import { monotonicMs } from '../../clock.js';
import { readdirSync } from 'node:fs';
import { Pace, type PaceState } from './pace.js';
import { treeMembers, type ProcessRow } from '../tree.js';
import type { ProcessIdentity, ProcessSource, SourceOptions, TickResult } from '../types.js';
import {
  bootTime,
  CLOCK_TICKS,
  detectPageSize,
  fieldOfLastRead,
  preadField,
  preadText,
  readCmdline,
  readProcText,
  STATM_RESIDENT,
  STATM_SIZE,
} from './files.js';
import { CgroupProbe, type CgroupProbeState } from '../cgroup/probe.js';
import { smapsValue } from './memory.js';
import { NewestPid, type NewestPidState } from './newest-pid.js';
import { isRunningState } from '../process-state.js';
import { environHas, parseChildren, parseStat } from './parse.js';
import { tickResult, clearTickResult } from '../tick-result.js';
import {
  closeProcessFiles,
  COMMAND_CHECKS,
  openProcessFiles,
  processAlive,
  readStatus,
  reopenSmaps,
  statusDue,
  type ProcessFiles,
} from './process-files.js';

/** How often, in ticks, to sweep /proc for processes the walk cannot see, and to read every status. */
export interface Cadence {
  sweepEvery: number;
  statusEvery: number;
}

/**
 * Everything the source keeps between ticks, as plain data: another thread of this process goes on from
 * it (fds are the process's).
 */
export interface ProcfsState {
  tracked: Map<number, ProcessFiles>;
  bootTime: number;
  pageSize: number;
  newestPid: NewestPidState;
  listed: Set<number>;
  ticks: number;
  sweptAt: number;
  /** The tick the cgroup's members were last read at. */
  adoptedAt: number;
  pace: PaceState;
  cgroup: CgroupProbeState | null;
}

/**
 * Linux: reads kept-open /proc fds each tick: every tracked process's statm (RSS), its status (VmHWM)
 * when it can have news, and its main-thread children file, but only when a process was created since
 * the last tick (/proc/loadavg's last pid); a sweep of /proc catches orphans and other threads'
 * children. PSS/USS come from smaps_rollup, paced to a CPU budget (see Pace). The hot path makes no
 * string and no object on an idle tick: numbers are parsed in the read buffer, and the one TickResult is
 * reused (at a slow period the code may never get hot enough to be optimized, so every allocation is paid in full).
 */
export class ProcfsSource implements ProcessSource {
  readonly name = 'procfs';
  private readonly tracked: Map<number, ProcessFiles>;
  private readonly bootTime: number;
  private readonly pageSize: number;
  private readonly newestPid: NewestPid;
  private listed: Set<number>;
  private ticks: number;
  private sweptAt: number;
  private adoptedAt: number;
  /** Reused: what `tick` returns is valid until the next call. */
  private readonly result: TickResult = tickResult();
  private readonly pace: Pace;
  private sweepForced = false;
  /** The run's own cgroup, when memprof started the command in one. */
  private readonly cgroup: CgroupProbe | null;

  /** A new source that registers the root at once, or one carried on from `state`. */
  constructor(
    private readonly options: SourceOptions,
    private readonly cadence: Cadence,
    intervalSeconds: number,
    state?: ProcfsState,
  ) {
    this.tracked = state?.tracked ?? new Map();
    this.bootTime = state?.bootTime ?? bootTime();
    this.pageSize = state?.pageSize ?? detectPageSize();
    this.newestPid = new NewestPid(state?.newestPid);
    this.listed = state?.listed ?? new Set();
    this.ticks = state?.ticks ?? 0;
    this.sweptAt = state?.sweptAt ?? -Infinity;
    this.adoptedAt = state?.adoptedAt ?? -Infinity;
    this.pace = new Pace(intervalSeconds * 1000, undefined, state?.pace);
    this.cgroup = options.cgroup ? new CgroupProbe(options.cgroup, state?.cgroup ?? undefined) : null;
    if (state) return;
    // Named as typed, then re-read like any new process: `sh -c 'exec ...'` or a shim may have exec'd already.
    this.register(options.rootPid, options.rootCommand);
  }

  get state(): ProcfsState {
    return {
      tracked: this.tracked,
      bootTime: this.bootTime,
      pageSize: this.pageSize,
      newestPid: this.newestPid.state,
      listed: this.listed,
      ticks: this.ticks,
      sweptAt: this.sweptAt,
      adoptedAt: this.adoptedAt,
      pace: this.pace.state,
      cgroup: this.cgroup?.state ?? null,
    };
  }

  tick(): TickResult {
    // The constructor's registration of the root is part of the first tick's result.
    if (this.ticks > 0) clearTickResult(this.result);
    const last = this.sweepForced;
    const slowRound = this.ticks % this.cadence.sweepEvery === 0;
    const statusRound = this.ticks % this.cadence.statusEvery === 0;
    if (this.options.followTree) {
      const created = this.newestPid.lastCreation(this.ticks);
      // In a cgroup every descendant is in cgroup.procs, read at the sweep's pace: the sweep is then a second
      // net, cast less often.
      const sweepRound = this.cgroup === null ? slowRound : statusRound;
      if (this.sweepForced || (sweepRound && created >= this.sweptAt)) {
        this.sweepForced = false;
        this.sweep();
        this.sweptAt = this.ticks;
      }
      if (this.cgroup !== null && (last || (slowRound && created >= this.adoptedAt))) {
        this.adoptCgroupMembers();
        this.adoptedAt = this.ticks;
      }
      if (created >= this.ticks - 1) this.walkChildren();
    }
    const paced = this.options.metric !== 'rss';
    const readMemory = !paced || this.pace.due(this.ticks);
    const started = monotonicMs();
    for (const p of this.tracked.values()) this.read(p, readMemory, statusRound, last);
    if (last) for (const p of this.tracked.values()) this.releaseHighWater(p);
    // A round that read nothing (the process exiting) says nothing of what a reading costs, and has no
    // reading for a PACE line to go with.
    const read = paced && readMemory && this.result.readings.length > 0;
    if (read && this.pace.done(this.ticks, monotonicMs() - started)) {
      this.result.paceSeconds = this.pace.seconds;
    }
    if (this.cgroup !== null) this.result.cgroup = this.cgroup.read({ peak: slowRound, split: statusRound }, last);
    this.ticks++;
    return this.result;
  }

  sweepNext(): void {
    this.sweepForced = true;
  }

  /**
   * Ticks come every `seconds` from now on: a metric read every few ticks is then read that much less often,
   * which this tick's result says (a `PACE` line). Sweeps and status reads stay every so many ticks, and
   * grow as rare as the ticks: they are part of what a tick costs.
   */
  periodChanged(seconds: number): void {
    this.pace.intervalMs = seconds * 1000;
    if (this.options.metric !== 'rss' && this.pace.every > 1) this.result.paceSeconds = this.pace.seconds;
    // A second of command-line checks is fewer ticks now: counted in ticks, they would go on for longer.
    const checks = this.preExecChecks();
    for (const p of this.tracked.values()) p.commandChecks = Math.min(p.commandChecks, checks);
  }

  /** How many ticks a child showing its parent's command line is re-read for: about a second. */
  private preExecChecks(): number {
    return Math.max(COMMAND_CHECKS, Math.ceil(1000 / this.pace.intervalMs));
  }

  survivors(): number[] {
    return [...this.tracked.values()]
      .filter((p) => p.pid !== this.options.rootPid && processAlive(p))
      .map((p) => p.pid);
  }

  close(): void {
    for (const p of this.tracked.values()) this.forget(p);
    this.cgroup?.close();
  }

  /** Every process in the run's cgroup belongs to the tree, however it left its parent and session. */
  private adoptCgroupMembers(): void {
    for (const pid of this.cgroup!.members()) if (!this.tracked.has(pid)) this.register(pid, null);
  }

  /** Follow each tracked process's main-thread children file: one small pread a process. */
  private walkChildren(): void {
    for (const p of this.tracked.values()) {
      const text = preadText(p.children);
      if (text === null) continue;
      for (const pid of parseChildren(text)) {
        if (!this.tracked.has(pid)) this.register(pid, null);
      }
    }
  }

  /**
   * List /proc and look at pids not listed before: finds orphans (by session), children of other threads,
   * and processes that left the session but carry the run's mark in their environment (daemons).
   */
  private sweep(): void {
    const listed = new Set<number>();
    const rows: ProcessRow[] = [];
    for (const name of readdirSync('/proc')) {
      const pid = name.charCodeAt(0) <= 57 ? Number(name) : NaN;
      if (!Number.isInteger(pid)) continue;
      listed.add(pid);
      if (this.listed.has(pid) || this.tracked.has(pid)) continue;
      const stat = parseStat(readProcText(`/proc/${pid}/stat`) ?? '');
      if (stat) rows.push({ pid, ppid: stat.ppid, sid: stat.session });
    }
    this.listed = listed;
    const trackedPids = new Set(this.tracked.keys());
    const members = treeMembers(rows, trackedPids, this.options.sessionId);
    for (const pid of members) this.register(pid, null);
    const mark = this.options.runMark;
    if (mark === null) return;
    const found = new Set(members);
    const marked = rows
      .filter((r) => !found.has(r.pid) && environHas(readProcText(`/proc/${r.pid}/environ`) ?? '', mark))
      .map((r) => r.pid);
    // Their own descendants without the mark (a cleared environment) are still theirs.
    for (const pid of [...marked, ...treeMembers(rows, new Set(marked), null)]) this.register(pid, null);
  }

  private register(pid: number, knownCommand: string | null): ProcessFiles | null {
    // memprof itself, found in the tree of a process it attached to (an ancestor of it)
    if (pid === process.pid && pid !== this.options.rootPid) return null;
    const stat = parseStat(readProcText(`/proc/${pid}/stat`) ?? '');
    if (!stat || !isRunningState(stat.state)) return null;
    const command = knownCommand ?? (readCmdline(pid) || `[${stat.comm}]`);
    const p = openProcessFiles(pid, command, this.options.metric, this.options.followTree);
    if (p === null) return null;
    // Still its parent's command line: caught between fork and exec, a gap that grows long under load.
    if (command === this.tracked.get(stat.ppid)?.command) p.commandChecks = this.preExecChecks();
    this.tracked.set(pid, p);
    if (p.unread !== null) this.result.unreadable.push({ pid, reason: p.unread });
    const identity: ProcessIdentity = {
      pid,
      ppid: stat.ppid,
      startTime: this.bootTime + stat.startTicks / CLOCK_TICKS,
      command,
    };
    this.result.appeared.push(identity);
    return p;
  }

  /** statm every tick; status (zombie state, VmHWM) when due; a gone process's kept fd fails. */
  private read(p: ProcessFiles, readMemory: boolean, periodic: boolean, last: boolean): void {
    const pages = preadField(p.statm, STATM_RESIDENT);
    if (!Number.isFinite(pages)) {
      this.vanish(p);
      return;
    }
    const remapped = p.commandChecks > COMMAND_CHECKS && this.sizeChanged(p);
    if (statusDue(p, pages, periodic)) {
      const status = readStatus(p);
      if (status === null || !isRunningState(status.state)) {
        this.vanish(p);
        return;
      }
      // The name first: a new one means an exec, and then this VmHWM is the new program's own.
      this.noteName(p, status.name);
      this.noteHighWater(p, status.hwmBytes);
    }
    p.lastPages = pages;
    p.ticks++;
    // 0 pages: exiting, its memory already released, so no honest reading exists.
    if (pages === 0) return;
    const rss = this.options.metric === 'rss' || p.unread !== null;
    const bytes = !readMemory ? null : rss ? pages * this.pageSize : this.readSmaps(p, pages);
    if (bytes !== null && bytes > 0) {
      p.reading.bytes = bytes;
      this.result.readings.push(p.reading);
    }
    if (p.commandChecks > 0) this.recheckCommand(p, last || remapped);
    if (p.commandChecks <= COMMAND_CHECKS) this.releaseHighWater(p);
  }

  /**
   * A child still showing its parent's command line may share its parent's address space until it execs
   * (vfork, posix_spawn): its VmHWM is then the parent's. So it is held back until the child execs (and it
   * is dropped: see dropHeldHighWater) or its first second is over without an exec (and it is its own).
   */
  private noteHighWater(p: ProcessFiles, hwm: number | null): void {
    if (hwm === null || hwm <= p.lastHwm) return;
    p.lastHwm = hwm;
    if (p.commandChecks > COMMAND_CHECKS) p.hwmHeld = true;
    else this.result.highWater.push({ pid: p.pid, bytes: hwm });
  }

  private releaseHighWater(p: ProcessFiles): void {
    if (!p.hwmHeld) return;
    p.hwmHeld = false;
    this.result.highWater.push({ pid: p.pid, bytes: p.lastHwm });
  }

  /**
   * After an exec: a high-water mark held back was another address space's, and is dropped. True when one
   * was: the new program's is then still to be read.
   */
  private dropHeldHighWater(p: ProcessFiles): boolean {
    if (!p.hwmHeld) return false;
    p.hwmHeld = false;
    p.lastHwm = 0;
    return true;
  }

  /** The new program's VmHWM, read as soon as an exec dropped the one held back. */
  private readHighWater(p: ProcessFiles): void {
    const status = readStatus(p);
    if (status !== null) this.noteHighWater(p, status.hwmBytes);
  }

  private vanish(p: ProcessFiles): void {
    // Gone before it was seen to exec: what was held is all there is (a forked child's own, most often).
    this.releaseHighWater(p);
    this.cgroup?.noteGone(p.pid, p.reading.bytes);
    this.forget(p);
    this.result.vanished.push(p.pid);
  }

  /**
   * PSS/USS from the kept smaps_rollup. It fails once the process has exec'd (it belongs to the old address
   * space): then it is opened again and the new program's command line re-read; a process whose file cannot
   * be opened is counted by its RSS from then on, and the file says so, so it never drops out of the total.
   */
  private readSmaps(p: ProcessFiles, pages: number): number | null {
    const text = preadText(p.smaps);
    if (text !== null) return smapsValue(text, this.options.metric);
    const reopened = reopenSmaps(p, this.options.metric);
    if (reopened === 'gone') return null;
    // Read the new program's command line this tick: it is the one to name as unread.
    if (this.expectExec(p)) this.readHighWater(p);
    if (p.unread !== null) {
      this.result.unreadable.push({ pid: p.pid, reason: p.unread });
      return pages * this.pageSize;
    }
    const again = preadText(p.smaps);
    return again === null ? null : smapsValue(again, this.options.metric);
  }

  /** A changed kernel name means an exec (or a rename such as process.title): read the command line again. */
  private noteName(p: ProcessFiles, name: string): void {
    if (p.name !== '' && name !== p.name) this.expectExec(p);
    p.name = name;
  }

  /**
   * Read the command line this tick and the next few (it may have exec'd, or be about to); true when that
   * dropped a high-water mark held back (see dropHeldHighWater).
   */
  private expectExec(p: ProcessFiles): boolean {
    p.commandChecks = COMMAND_CHECKS;
    return this.dropHeldHighWater(p);
  }

  /**
   * Whether the address space of a process still showing its parent's command line changed size since the
   * last tick (statm, just read): an exec the kernel's name does not show (python3 starting python3, Node
   * forking Node) always does. A forked worker that maps memory pays one command-line read for it.
   */
  private sizeChanged(p: ProcessFiles): boolean {
    const size = fieldOfLastRead(STATM_SIZE);
    const changed = p.lastSize >= 0 && size !== p.lastSize;
    p.lastSize = size;
    return changed;
  }

  /**
   * One tick of a process's command-line checks. Its last COMMAND_CHECKS ticks read every tick (a name
   * change was seen, or it is newly started); before them, a child still showing its parent's command line
   * is read on its ticks 1, 2, 4, 8..., not every tick for a second: forked workers that never exec (a pool
   * of 500) made each tick several times dearer. An exec changes the address space's size and usually the
   * kernel's name, and either reads it at once (`now`). The last tick reads them all: the names it leaves
   * are the ones the run ends with, and those still running are named by them.
   */
  private recheckCommand(p: ProcessFiles, now: boolean): void {
    p.commandChecks--;
    if (!now && p.commandChecks >= COMMAND_CHECKS && (p.ticks & (p.ticks - 1)) !== 0) return;
    const command = readCmdline(p.pid);
    if (command && command !== p.command) {
      p.command = command;
      this.result.renamed.push({ pid: p.pid, command });
      p.commandChecks = Math.min(p.commandChecks, COMMAND_CHECKS); // it has exec'd: only a second exec is left to catch
      if (this.dropHeldHighWater(p)) this.readHighWater(p);
    }
  }

  private forget(p: ProcessFiles): void {
    closeProcessFiles(p);
    this.tracked.delete(p.pid);
  }
}

/**
 * Sweep /proc (orphans, other threads' children) about every 100 ms, whatever the period; read every
 * status (VmHWM) about every second, besides whenever a process's RSS changed (see statusDue).
 */
export function procfsCadence(intervalSeconds: number): Cadence {
  const ticksIn = (seconds: number): number => Math.max(1, Math.round(seconds / intervalSeconds));
  return { sweepEvery: ticksIn(0.1), statusEvery: ticksIn(1) };
}
