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

// Synthetic memprof recordings built with the real encoders: the plot benchmark's input and the plot
// tests' (which need many processes, known pids and commands, and lines that start and end mid-run).

export interface SyntheticOptions {
  /** Processes including the main one. */
  processes: number;
  /** About how many lines the file should have. */
  lines: number;
  seed?: number;
  interval?: number;
  start?: number;
  rootPid?: number;
}

/** Deterministic pseudo-random numbers (mulberry32): the same seed gives the same file. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticProcess {
  pid: number;
  command: string;
  /** First and last tick alive (inclusive). */
  from: number;
  to: number;
}

/** Worker i lives from a staggered start to a staggered end, so curves start and stop mid-run. */
export function syntheticProcesses(options: SyntheticOptions, ticks: number): SyntheticProcess[] {
  const root = options.rootPid ?? 4000;
  const out: SyntheticProcess[] = [
    { pid: root, command: 'node /srv/app/bench-main.js --workers', from: 0, to: ticks - 1 },
  ];
  for (let i = 1; i < options.processes; i++) {
    const from = Math.floor((ticks * 0.3 * i) / options.processes);
    const to = Math.min(ticks - 1, ticks - 1 - Math.floor((ticks * 0.2 * (options.processes - i)) / options.processes));
    out.push({ pid: root + i * 7, command: `node /srv/app/worker.js --id ${i} --queue jobs-${i % 3}`, from, to });
  }
  return out;
}

/** The text of a memprof recording (-M, RSS): MEM is the main process, one CHLD per live worker per tick. */
export function syntheticRecording(options: SyntheticOptions): string {
  return [...syntheticPieces(options)].join('');
}

/** How many ticks a synthetic recording of about `lines` lines has. */
export function syntheticTicks(options: SyntheticOptions): number {
  return Math.max(2, Math.round(options.lines / (1 + 0.75 * (options.processes - 1))));
}

/**
 * syntheticRecording's text, a tick at a time (its head first): a file of any size can be written piece by
 * piece. `onSample` sees each sample as it is written (-1 for the main process's MEM), with its tick.
 */
export function* syntheticPieces(
  options: SyntheticOptions,
  onSample?: (tick: number, pid: number, bytes: number) => void,
): Generator<string> {
  const interval = options.interval ?? 0.01;
  const start = options.start ?? 1_800_000_000;
  const ticks = syntheticTicks(options);
  const procs = syntheticProcesses(options, ticks);
  const rnd = random(options.seed ?? 1);
  const level = procs.map((_, i) => (20 + 10 * i) * MiB);
  const hwm = procs.map(() => 0);
  yield encodeHeader({
    version: 1,
    metric: 'rss',
    intervalSeconds: interval,
    memScope: 'root',
    perProcess: true,
    source: 'procfs',
  }) + encodeCmdline(procs[0]!.command);
  for (let k = 0; k < ticks; k++) {
    const t = start + k * interval;
    const parts: string[] = [];
    procs.forEach((p, i) => {
      if (k < p.from || k > p.to) return;
      if (k === p.from) parts.push(encodeProc(p.pid, i === 0 ? 1 : procs[0]!.pid, t, t, p.command));
      // A random walk with rare short spikes: the reduction must keep them.
      level[i] = Math.max(MiB, level[i]! + (rnd() - 0.49) * MiB);
      const v = rnd() < 0.00005 ? level[i]! * 3 : level[i]!;
      hwm[i] = Math.max(hwm[i]!, v);
      parts.push(i === 0 ? encodeMem(v, t) : encodeChld(p.pid, v, t));
      onSample?.(k, i === 0 ? -1 : p.pid, v);
      if (k === p.to && i > 0) parts.push(encodeHwm(p.pid, hwm[i]!, t), encodeExit(p.pid, t));
    });
    yield parts.join('');
  }
  yield encodeHwm(procs[0]!.pid, hwm[0]!, start + (ticks - 1) * interval) + encodeDone(start + ticks * interval, 0);
}
