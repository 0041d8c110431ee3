import { join } from 'node:path';
import { closeProc, openProc, preadField, preadText, readProcText } from '../procfs/files.js';
import { MEMORY_FILES, parseOomKills, parseProcs, parseSplit } from './files.js';
import type { CgroupTick } from '../../format/cgroup-lines.js';
import type { CgroupPlace } from './types.js';
import { epochMs } from '../../clock.js';

export type { CgroupTick } from '../../format/cgroup-lines.js';

/** The probe between ticks, as plain data (its fds are the whole process's: another thread goes on from it). */
export interface CgroupProbeState {
  place: CgroupPlace;
  fds: { usage: number; peak: number; stat: number; events: number; kernel: number };
  usage: number;
  /** The largest usage memory.stat was read with: a usage well above it reads the split again. */
  splitHigh: number;
  peak: number;
  kills: number;
  /** Kills counted but not yet tied to a process gone, and when they were counted (epoch ms: the same in every thread). */
  pending: number;
  pendingSinceMs: number;
}

/** How far above the largest usage the split was read with a usage must go for the split to be read again. */
const SPLIT_AGAIN = 1.0625;

/**
 * How long a kill waits for its process to be seen gone before it is written without one. The count rises when
 * the kill is sent, and on a loaded machine a victim the kernel is still reclaiming for can take most of a
 * second more to exit.
 */
export const PENDING_MS = 5000;

/**
 * Reads a run's cgroup through kept-open fds: the usage every tick (one small pread), memory.stat, the
 * high-water mark and the OOM kill count at the slower pace the source sweeps at (the split also when the
 * usage rose well above the one it was last read with), and the kill count again
 * on every tick a process was seen gone, so that a kill is told by the process that went with it.
 */
export class CgroupProbe {
  private readonly s: CgroupProbeState;
  private readonly out: CgroupTick = { usage: null, split: null, peak: null, ooms: [] };
  /** Processes found gone this tick, with their last reading. */
  private readonly gone: Array<{ pid: number; bytes: number }> = [];
  private procsPath: string | null = null;

  constructor(place: CgroupPlace, state?: CgroupProbeState) {
    this.s = state ?? openProbe(place);
  }

  get state(): CgroupProbeState {
    return this.s;
  }

  /**
   * The processes in the cgroup now: nothing that joined it escapes, whatever its parent or session. Opened
   * afresh: a kept-open cgroup.procs keeps the list it first read.
   */
  members(): number[] {
    this.procsPath ??= join(this.s.place.dir, 'cgroup.procs');
    return parseProcs(readProcText(this.procsPath) ?? '');
  }

  /** A tracked process was found gone (its last reading): it may be the OOM killer's. */
  noteGone(pid: number, bytes: number): void {
    this.gone.push({ pid, bytes });
  }

  /**
   * This tick's figures; `due` says which slower files are due (the high-water mark, and the split and kill
   * count, which cost more to read); `final`, the run's last tick, reads them all and also writes the kills
   * still waiting for their process. `nowMs` (epoch ms) stands in for the clock in tests; the clock is read
   * only on a tick that reads the kill count.
   */
  read(due: { peak: boolean; split: boolean }, final = false, nowMs?: number): CgroupTick {
    const { s, out } = this;
    out.usage = out.peak = out.split = null;
    out.ooms.length = 0;
    const usage = preadField(s.fds.usage, 0);
    if (Number.isFinite(usage) && usage !== s.usage) out.usage = s.usage = usage;
    // A usage above the known high means a new one: read it now. systemd removes an empty scope at once,
    // maybe before the end's read: its mark is read every tick.
    if (due.peak || final || s.usage > s.peak || s.place.unit !== undefined) this.readPeak();
    // A new high well above the last split's reads it again, so the split at the peak is near the peak.
    if (due.split || final || s.usage > s.splitHigh * SPLIT_AGAIN) this.readSplit();
    if (due.split || final || this.gone.length > 0 || s.pending > 0) this.readKills(nowMs ?? epochMs(), final);
    this.gone.length = 0;
    return out;
  }

  close(): void {
    for (const fd of Object.values(this.s.fds)) closeProc(fd);
  }

  private readPeak(): void {
    const peak = preadField(this.s.fds.peak, 0);
    if (Number.isFinite(peak) && peak > this.s.peak) this.out.peak = this.s.peak = peak;
  }

  private readSplit(): void {
    const { s, out } = this;
    const kernel = s.fds.kernel < 0 ? NaN : preadField(s.fds.kernel, 0);
    const text = preadText(s.fds.stat);
    if (text === null || s.usage < 0) return;
    out.split = parseSplit(s.place.version, text, s.usage, Number.isFinite(kernel) ? kernel : null);
    s.splitHigh = Math.max(s.splitHigh, s.usage);
  }

  /** New kills, each tied to the largest process gone this tick; one with none waits a little, then goes unnamed. */
  private readKills(nowMs: number, last: boolean): void {
    const { s, out } = this;
    const kills = parseOomKills(preadText(s.fds.events) ?? '');
    if (kills !== null && kills > s.kills) {
      if (s.pending === 0) s.pendingSinceMs = nowMs;
      s.pending += kills - s.kills;
      s.kills = kills;
    }
    if (s.pending === 0) return;
    const victims = [...this.gone].sort((a, b) => b.bytes - a.bytes);
    const counted = s.kills - s.pending;
    let named = 0;
    for (; named < s.pending && named < victims.length; named++)
      out.ooms.push({ kills: counted + named + 1, pid: victims[named]!.pid });
    s.pending -= named;
    if (s.pending > 0 && (last || nowMs - s.pendingSinceMs >= PENDING_MS)) {
      for (let k = s.kills - s.pending + 1; k <= s.kills; k++) out.ooms.push({ kills: k, pid: null });
      s.pending = 0;
    }
  }
}

function openProbe(place: CgroupPlace): CgroupProbeState {
  const files = MEMORY_FILES[place.version];
  const open = (name: string | null): number => (name === null ? -1 : openProc(join(place.dir, name)));
  return {
    place,
    fds: {
      usage: open(files.usage),
      peak: open(files.peak),
      stat: open(files.stat),
      events: open(files.events),
      kernel: open(files.kernel),
    },
    usage: -1,
    splitHigh: 0,
    peak: 0,
    kills: 0,
    pending: 0,
    pendingSinceMs: 0,
  };
}
