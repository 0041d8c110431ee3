import {
  encodeChld,
  encodeCmdline,
  encodeDone,
  encodeExit,
  encodeHeader,
  encodeHwm,
  encodeMem,
  encodeProc,
} from '../src/format/encode.js';
import { MiB } from '../src/units.js';
import { random } from './plot-recording.js';

// A synthetic recording shaped like a parallel build, written with the real encoders: `make -j` starting, for
// each source file, `sh -c 'gcc …'`, whose gcc runs cc1 and then as. The HTML report's benchmark and its
// browser test read it (thousands of processes in a tree, most of them short-lived).

export interface BuildOptions {
  /** Source files compiled: 4 processes each, plus make. */
  units: number;
  /** How many compile at once. */
  jobs: number;
  seed?: number;
}

interface BuildProcess {
  pid: number;
  ppid: number;
  command: string;
  from: number;
  to: number;
  mib: number;
}

const START = 1_800_000_000;
const INTERVAL = 0.05;
const ROOT_PID = 5000;
/** Ticks one unit takes: sh and gcc around it, cc1 for most of it, then as. */
const UNIT_TICKS = 8;

/** Every process of the build, make first; unit k starts when unit k - jobs ends. */
export function buildProcesses(options: BuildOptions): BuildProcess[] {
  const rnd = random(options.seed ?? 7);
  const ticks = Math.ceil(options.units / options.jobs) * UNIT_TICKS + 2;
  const out: BuildProcess[] = [
    { pid: ROOT_PID, ppid: 1, command: `make -j${options.jobs}`, from: 0, to: ticks - 1, mib: 12 },
  ];
  let pid = ROOT_PID + 1;
  for (let k = 0; k < options.units; k++) {
    const from = 1 + Math.floor(k / options.jobs) * UNIT_TICKS;
    const to = from + UNIT_TICKS - 1;
    const file = `src/module_${k}.c`;
    const sh = pid++;
    const gcc = pid++;
    out.push({ pid: sh, ppid: ROOT_PID, command: `/bin/sh -c gcc -O2 -c ${file}`, from, to, mib: 2 });
    out.push({ pid: gcc, ppid: sh, command: `gcc -O2 -c ${file} -o build/module_${k}.o`, from, to, mib: 4 });
    const cc1Mib = 40 + Math.round(rnd() * 160);
    const cc1 = `/usr/libexec/gcc/x86_64-linux-gnu/12/cc1 -quiet ${file} -quiet -dumpbase module_${k}.c -O2`;
    out.push({ pid: pid++, ppid: gcc, command: cc1, from, to: to - 2, mib: cc1Mib });
    out.push({
      pid: pid++,
      ppid: gcc,
      command: `as --64 -o build/module_${k}.o /tmp/cc${k}.s`,
      from: to - 1,
      to,
      mib: 6,
    });
  }
  return out;
}

/** The recording's text (-M, RSS, memprof's format): MEM is make, one CHLD per live process per tick. */
export function buildRecording(options: BuildOptions): string {
  const procs = buildProcesses(options);
  const ticks = procs[0]!.to + 1;
  const starting = new Map<number, BuildProcess[]>();
  for (const p of procs.slice(1)) starting.set(p.from, [...(starting.get(p.from) ?? []), p]);
  const header = { version: 1, metric: 'rss' as const, intervalSeconds: INTERVAL, memScope: 'root' as const };
  const parts = [encodeHeader({ ...header, perProcess: true, source: 'procfs' }), encodeCmdline(procs[0]!.command)];
  parts.push(encodeProc(ROOT_PID, 1, START, START, procs[0]!.command));
  let alive: BuildProcess[] = [];
  for (let k = 0; k < ticks; k++) {
    const t = START + k * INTERVAL;
    parts.push(encodeMem(procs[0]!.mib * MiB, t));
    for (const p of starting.get(k) ?? []) {
      parts.push(encodeProc(p.pid, p.ppid, t, t, p.command));
      alive.push(p);
    }
    for (const p of alive) {
      // Compilers grow towards their size over their life.
      const grown = p.mib * Math.min(1, (k - p.from + 1) / Math.max(1, p.to - p.from));
      parts.push(encodeChld(p.pid, grown * MiB, t));
      if (k === p.to) parts.push(encodeHwm(p.pid, p.mib * MiB, t), encodeExit(p.pid, t));
    }
    alive = alive.filter((p) => p.to > k);
  }
  parts.push(encodeDone(START + ticks * INTERVAL, 0));
  return parts.join('');
}
