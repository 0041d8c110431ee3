import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  encodeChld,
  encodeCmdline,
  encodeDone,
  encodeExit,
  encodeHeader,
  encodeHwm,
  encodeMem,
  encodePace,
  encodePeriod,
  encodeProc,
} from '../../src/format/encode.js';
import type { Metric } from '../../src/format/types.js';
import { MiB } from '../../src/units.js';

/** A descendant of the fake run: MiB per tick, null while it is not alive. */
export interface FakeProcess {
  pid: number;
  ppid: number;
  command: string;
  mib: Array<number | null>;
  hwmMib?: number;
}

export interface FakeRun {
  command: string;
  /** The main process's own MiB per tick. */
  rootMib: number[];
  children?: FakeProcess[];
  metric?: Metric;
  /** `tree`: MEM is the main process plus its descendants (-C). */
  memScope?: 'root' | 'tree';
  /** Whether descendants get CHLD lines (-M). Default: true when there are children. */
  perProcess?: boolean;
  start?: number;
  interval?: number;
  rootPid?: number;
  exitCode?: number | null;
}

/** A memprof-format recording built with the real encoders, so tests do not need `run`. */
export function fakeDat(run: FakeRun): string {
  const { rootMib, children = [], start = 1_700_000_000, interval = 0.1, rootPid = 1000 } = run;
  const perProcess = run.perProcess ?? children.length > 0;
  const scope = run.memScope ?? 'root';
  let text = encodeHeader({
    version: 1,
    metric: run.metric ?? 'rss',
    intervalSeconds: interval,
    memScope: scope,
    perProcess,
    source: 'procfs',
  });
  text += encodeCmdline(run.command) + encodeProc(rootPid, 1, start, start, run.command);
  rootMib.forEach((own, i) => {
    const t = start + i * interval;
    const alive = children.filter((c) => c.mib[i] !== null && c.mib[i] !== undefined);
    const tree = own + alive.reduce((sum, c) => sum + c.mib[i]!, 0);
    text += encodeMem((scope === 'tree' ? tree : own) * MiB, t);
    for (const c of alive) {
      if (i === 0 || c.mib[i - 1] === null || c.mib[i - 1] === undefined)
        text += encodeProc(c.pid, c.ppid, t, t, c.command);
      if (perProcess) text += encodeChld(c.pid, c.mib[i]! * MiB, t);
      if (c.mib[i + 1] !== null && c.mib[i + 1] !== undefined) continue;
      // The high-water mark is read while the process is alive, so it comes before its EXIT line.
      if (c.hwmMib !== undefined) text += encodeHwm(c.pid, c.hwmMib * MiB, t);
      text += encodeExit(c.pid, t);
    }
  });
  const end = start + rootMib.length * interval;
  if (run.exitCode !== null) text += encodeDone(end, run.exitCode ?? 0);
  return text;
}

export function writeDat(dir: string, name: string, run: FakeRun | string): string {
  const path = join(dir, name);
  writeFileSync(path, typeof run === 'string' ? run : fakeDat(run));
  return path;
}

/** A small tree: a main process and two workers, the second peaking at 300 MiB at tick 3. */
export function poolRun(overrides: Partial<FakeRun> = {}): FakeRun {
  return {
    command: 'node pool.js',
    rootMib: [10, 20, 30, 40, 30, 20],
    children: [
      { pid: 1001, ppid: 1000, command: 'node worker.js a', mib: [null, 50, 100, 120, 60, null] },
      { pid: 1002, ppid: 1000, command: 'node worker.js b', mib: [null, 50, 200, 300, 100, null], hwmMib: 310 },
    ],
    ...overrides,
  };
}

/** When each reading of `pacedDat` was taken (seconds from its start) and what the main process held (MiB). */
export const PACED_READINGS: Array<[number, number]> = [
  ...Array.from({ length: 10 }, (_, k): [number, number] => [k / 100, 10]),
  [0.17, 40],
  [0.25, 80],
  [0.89, 300],
  [1.53, 310],
  [2.17, 305],
  [5, 120],
];

/** The start of a 10 ms procfs recording of two processes: the command (pid 1000) and its child (1001). */
function twoProcessStart(metric: 'pss' | 'rss', start: number, command: string, child: string): string {
  const header = {
    version: 1,
    metric,
    intervalSeconds: 0.01,
    memScope: 'root',
    perProcess: true,
    source: 'procfs',
  } as const;
  return (
    encodeHeader(header) +
    encodeCmdline(command) +
    encodeProc(1000, 1, start, start, command) +
    encodeProc(1001, 1000, start, start, child)
  );
}

/**
 * A PSS run with a 10 ms period whose readings fall to a slow pace, as memprof writes them: every tick
 * up to 0.09 s, then a `PACE` of 0.08 s, then of 0.64 s from 0.25 s on; the sampler then stalls, so the
 * main process's last reading (5 s) comes 2.83 s after the one before (over 4 paces). A child (pid 1001,
 * 20 MiB) is read with it until 2.17 s, except at ticks 3 to 7 (0.03 to 0.07 s), where it was not read.
 */
export function pacedDat(start = 1_700_000_000): string {
  const at = (s: number): number => start + s;
  let text = twoProcessStart('pss', start, 'python hold.py', 'python child.py');
  for (const [s, mib] of PACED_READINGS) {
    if (s === 0.09) text += encodePace(0.08, at(s));
    if (s === 0.25) text += encodePace(0.64, at(s));
    text += encodeMem(mib * MiB, at(s));
    const childRead = s <= 2.17 && !(s >= 0.03 && s <= 0.07);
    if (childRead) text += encodeChld(1001, 20 * MiB, at(s));
    if (s === 2.17) text += encodeExit(1001, at(s), at(2.81));
  }
  return text + encodeDone(at(5.1), 0);
}

/**
 * An RSS run asked at 10 ms whose period was lengthened for a large tree, as memprof writes it: a tick
 * every 10 ms up to 0.5 s, a `PERIOD` of 0.08 s with the tick at 0.5 s, ticks every 80 ms until 2.1 s,
 * then `PERIOD 0.01` back with that tick and every 10 ms to 2.3 s; the main process (1000) and one child
 * (1001, read on every tick) hold 10 and 20 MiB.
 */
export function periodDat(start = 1_700_000_000, withPeriods = true): string {
  const at = (s: number): number => start + s;
  let text = twoProcessStart('rss', start, 'make -j8', 'cc1');
  for (const s of PERIOD_TICKS) {
    if (withPeriods && Math.abs(s - 0.5) < 1e-9) text += encodePeriod(0.08, at(s));
    if (withPeriods && Math.abs(s - 2.1) < 1e-9) text += encodePeriod(0.01, at(s));
    text += encodeMem(10 * MiB, at(s)) + encodeChld(1001, 20 * MiB, at(s));
  }
  return text + encodeDone(at(2.3), 0);
}

/** When `periodDat`'s ticks came, in seconds from its start. */
export const PERIOD_TICKS: number[] = [
  ...Array.from({ length: 50 }, (_, k) => k / 100),
  ...Array.from({ length: 20 }, (_, k) => 0.5 + k * 0.08),
  ...Array.from({ length: 21 }, (_, k) => 2.1 + k / 100),
];
