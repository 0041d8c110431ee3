import { readdirSync } from 'node:fs';
import { Pace } from '../pace.js';
import { treeMembers, type ProcessRow } from '../tree.js';
import type { ProcessIdentity, ProcessSource, SourceOptions, TickResult } from '../types.js';
import { bootTime, CLOCK_TICKS, closeProc, openProc, preadText, readProcText } from './files.js';
import { metricFile, smapsValue } from './memory.js';
import { parseChildren, parseCmdline, parseStat, parseStatus } from './parse.js';

interface Tracked {
  pid: number;
  command: string;
  /** fds kept open for the life of the process: status (RSS, VmHWM, state), smaps_rollup for PSS/USS, children. */
  status: number;
  memory: number;
  children: number;
  /** Re-read the command line this many more ticks: a child seen between fork and exec shows its parent's. */
  commandChecks: number;
  lastHwm: number;
}

const COMMAND_CHECKS = 5;

/**
 * Linux: reads kept-open /proc fds each tick: every tracked process's status (RSS and the kernel's
 * high-water mark VmHWM in one read, 7 us) and main-thread children file (new children are read in the
 * tick they are found); a sweep of /proc catches orphans and other threads' children. PSS/USS come from
 * smaps_rollup, paced to a CPU budget (see Pace).
 */
export class ProcfsSource implements ProcessSource {
  readonly name = 'procfs';
  private readonly tracked = new Map<number, Tracked>();
  private readonly bootTime = bootTime();
  private listed = new Set<number>();
  private ticks = 0;
  private result: TickResult = emptyResult();
  private readonly pace: Pace;

  constructor(private readonly options: SourceOptions, private readonly sweepEvery: number, intervalSeconds: number) {
    this.pace = new Pace(intervalSeconds * 1000);
    const root = this.register(options.rootPid, options.rootCommand);
    if (root) root.commandChecks = 0;
  }

  tick(): TickResult {
    if (this.options.followTree) {
      if (this.ticks % this.sweepEvery === 0) this.sweep();
      this.walkChildren();
    }
    const paced = this.options.metric !== 'rss';
    const readMemory = !paced || this.pace.due(this.ticks);
    const started = performance.now();
    for (const p of this.tracked.values()) this.read(p, readMemory);
    if (paced && readMemory && this.pace.done(this.ticks, performance.now() - started)) {
      this.result.paceSeconds = this.pace.every * (this.pace.intervalMs / 1000);
    }
    this.ticks++;
    const result = this.result;
    this.result = emptyResult();
    return result;
  }

  close(): void {
    for (const p of this.tracked.values()) this.forget(p);
  }

  /** Follow each tracked process's main-thread children file: about 1 us a process. */
  private walkChildren(): void {
    for (const p of this.tracked.values()) {
      const text = preadText(p.children);
      if (text === null) continue;
      for (const pid of parseChildren(text)) {
        if (!this.tracked.has(pid)) this.register(pid, null);
      }
    }
  }

  /** List /proc and look at pids not listed before: finds orphans (by session) and children of other threads. */
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
    for (const pid of treeMembers(rows, trackedPids, this.options.rootPid)) this.register(pid, null);
  }

  private register(pid: number, knownCommand: string | null): Tracked | null {
    const stat = parseStat(readProcText(`/proc/${pid}/stat`) ?? '');
    if (!stat || stat.state === 'Z' || stat.state === 'X') return null;
    const status = openProc(`/proc/${pid}/status`);
    const file = metricFile(pid, this.options.metric);
    const memory = file === null ? -1 : openProc(file);
    if (status < 0 || (file !== null && memory < 0)) {
      closeProc(status);
      closeProc(memory);
      return null;
    }
    const command = knownCommand ?? (parseCmdline(readProcText(`/proc/${pid}/cmdline`) ?? '') || `[${stat.comm}]`);
    const p: Tracked = {
      pid, command, status, memory, children: this.options.followTree ? openProc(`/proc/${pid}/task/${pid}/children`) : -1,
      commandChecks: COMMAND_CHECKS, lastHwm: 0,
    };
    this.tracked.set(pid, p);
    const identity: ProcessIdentity = {
      pid, ppid: stat.ppid, startTime: this.bootTime + stat.startTicks / CLOCK_TICKS, command,
    };
    this.result.appeared.push(identity);
    return p;
  }

  /** Status every tick: a gone or zombie process vanishes; VmHWM is written whenever it rose. */
  private read(p: Tracked, readMemory: boolean): void {
    const status = parseStatus(preadText(p.status) ?? '');
    if (status === null || status.state === 'Z' || status.state === 'X') {
      this.forget(p);
      this.result.vanished.push(p.pid);
      return;
    }
    // No VmRSS, or 0: exiting, its memory already released, so no honest reading exists.
    if (!status.rssBytes) return;
    if (status.hwmBytes !== null && status.hwmBytes > p.lastHwm) {
      p.lastHwm = status.hwmBytes;
      this.result.highWater.push({ pid: p.pid, bytes: status.hwmBytes });
    }
    const bytes = !readMemory ? null : this.options.metric === 'rss' ? status.rssBytes : this.readSmaps(p);
    if (bytes !== null && bytes > 0) this.result.readings.push({ pid: p.pid, bytes });
    if (p.commandChecks > 0) this.recheckCommand(p);
  }

  private readSmaps(p: Tracked): number | null {
    const text = preadText(p.memory);
    return text === null ? null : smapsValue(text, this.options.metric);
  }

  private recheckCommand(p: Tracked): void {
    p.commandChecks--;
    const command = parseCmdline(readProcText(`/proc/${p.pid}/cmdline`) ?? '');
    if (command && command !== p.command) {
      p.command = command;
      this.result.renamed.push({ pid: p.pid, command });
    }
  }

  private forget(p: Tracked): void {
    closeProc(p.memory);
    closeProc(p.children);
    closeProc(p.status);
    this.tracked.delete(p.pid);
  }
}

function emptyResult(): TickResult {
  return { appeared: [], renamed: [], readings: [], vanished: [], highWater: [], paceSeconds: null };
}
