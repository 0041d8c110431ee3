import { readdirSync } from 'node:fs';
import type { Metric } from '../../format/types.js';
import { treeMembers, type ProcessRow } from '../tree.js';
import type { ProcessIdentity, ProcessSource, SourceOptions, TickResult } from '../types.js';
import { bootTime, CLOCK_TICKS, closeProc, detectPageSize, openProc, preadText, readProcText } from './files.js';
import { parseChildren, parseCmdline, parseKbField, parseStat, parseStatmResidentPages } from './parse.js';

interface Tracked {
  pid: number;
  command: string;
  /** fds kept open for the life of the process: memory, its main thread's children, status (VmHWM). */
  memory: number;
  children: number;
  status: number;
  /** Re-read the command line this many more ticks: a child seen between fork and exec shows its parent's. */
  commandChecks: number;
  lastHwm: number;
}

const COMMAND_CHECKS = 5;

/** Linux: reads kept-open /proc fds each tick; a sweep of /proc catches orphans and other threads' children. */
export class ProcfsSource implements ProcessSource {
  readonly name = 'procfs';
  private readonly tracked = new Map<number, Tracked>();
  private readonly pageSize = detectPageSize();
  private readonly bootTime = bootTime();
  private listed = new Set<number>();
  private ticks = 0;
  private result: TickResult = emptyResult();

  constructor(private readonly options: SourceOptions, private readonly sweepEvery: number, private readonly hwmEvery: number) {
    const root = this.register(options.rootPid, options.rootCommand);
    if (root) root.commandChecks = 0;
  }

  tick(): TickResult {
    const fullRead = this.ticks % this.hwmEvery === 0;
    if (this.options.followTree) {
      if (this.ticks % this.sweepEvery === 0) this.sweep();
      this.walkChildren();
    }
    for (const p of this.tracked.values()) this.read(p, fullRead);
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
    const memory = openProc(memoryFile(pid, this.options.metric));
    if (memory < 0) return null;
    const command = knownCommand ?? (parseCmdline(readProcText(`/proc/${pid}/cmdline`) ?? '') || `[${stat.comm}]`);
    const p: Tracked = {
      pid, command, memory, children: this.options.followTree ? openProc(`/proc/${pid}/task/${pid}/children`) : -1,
      status: openProc(`/proc/${pid}/status`), commandChecks: COMMAND_CHECKS, lastHwm: 0,
    };
    this.tracked.set(pid, p);
    const identity: ProcessIdentity = {
      pid, ppid: stat.ppid, startTime: this.bootTime + stat.startTicks / CLOCK_TICKS, command,
    };
    this.result.appeared.push(identity);
    return p;
  }

  private read(p: Tracked, fullRead: boolean): void {
    const bytes = this.readMemory(p);
    if (bytes === null || (bytes === 0 && isGone(p.pid))) {
      this.forget(p);
      this.result.vanished.push(p.pid);
      return;
    }
    if (bytes === 0) return; // exiting: its memory is already released, so no honest reading exists
    this.result.readings.push({ pid: p.pid, bytes });
    if (p.commandChecks > 0) this.recheckCommand(p);
    if (fullRead || p.lastHwm === 0) this.readHighWater(p);
  }

  private readMemory(p: Tracked): number | null {
    const text = preadText(p.memory);
    if (text === null) return null;
    if (this.options.metric === 'rss') {
      const pages = parseStatmResidentPages(text);
      return Number.isFinite(pages) ? pages * this.pageSize : null;
    }
    return smapsValue(text, this.options.metric);
  }

  private readHighWater(p: Tracked): void {
    const hwm = parseKbField(preadText(p.status) ?? '', 'VmHWM');
    if (hwm !== null && hwm > p.lastHwm) {
      p.lastHwm = hwm;
      this.result.highWater.push({ pid: p.pid, bytes: hwm });
    }
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

/** A zombie (exited, not yet reaped) or a pid that no longer exists. */
function isGone(pid: number): boolean {
  const stat = parseStat(readProcText(`/proc/${pid}/stat`) ?? '');
  return !stat || stat.state === 'Z' || stat.state === 'X';
}

function emptyResult(): TickResult {
  return { appeared: [], renamed: [], readings: [], vanished: [], highWater: [] };
}

function memoryFile(pid: number, metric: Metric): string {
  return metric === 'rss' ? `/proc/${pid}/statm` : `/proc/${pid}/smaps_rollup`;
}

/** PSS, or USS (private clean + private dirty), from smaps_rollup; null when it holds neither. */
function smapsValue(text: string, metric: Metric): number | null {
  if (metric === 'pss') return parseKbField(text, 'Pss');
  const clean = parseKbField(text, 'Private_Clean');
  const dirty = parseKbField(text, 'Private_Dirty');
  return clean === null || dirty === null ? null : clean + dirty;
}
