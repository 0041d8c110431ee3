import { syntheticRecording } from '../../bench/plot-recording.js';
import { mutate, pick } from './fuzz-dat.js';
import { fakeDat, type FakeProcess, type FakeRun } from './recordings.js';

// Random recordings for the property tests of the streamed readers: memprof runs, mprof files, synthetic
// big ones, two runs in one file, and mutations of the seed corpus.

/** A random memprof run: a root and up to five children, some reusing a pid, with or without -C, -M, HWM. */
function randomRun(rand: () => number): FakeRun {
  const ticks = 1 + Math.floor(rand() * 25);
  const mib = (): number => (rand() < 0.1 ? 0 : Math.round(rand() * 300_000) / 1000);
  const children: FakeProcess[] = [];
  let lastEnd = ticks;
  for (let i = 0, n = Math.floor(rand() * 6); i < n; i++) {
    // Now and then a pid is used again, by a process that starts after the first one ended.
    const reuse = i > 0 && lastEnd < ticks - 1 && rand() < 0.4;
    const from = reuse ? lastEnd + 1 : Math.floor(rand() * ticks);
    const to = from + Math.floor(rand() * (ticks - from));
    children.push({
      pid: reuse ? children[i - 1]!.pid : 2000 + i,
      ppid: 1000,
      command: `worker ${i}`,
      mib: Array.from({ length: ticks }, (_, k) => (k >= from && k <= to ? mib() : null)),
      hwmMib: rand() < 0.5 ? 50 + rand() * 400 : undefined,
    });
    lastEnd = to;
  }
  return {
    command: 'node app.js',
    rootMib: Array.from({ length: ticks }, mib),
    children,
    metric: pick(rand, ['rss', 'pss', 'uss'] as const),
    memScope: rand() < 0.5 ? 'tree' : 'root',
    perProcess: rand() < 0.8,
    interval: pick(rand, [0.01, 0.1, 0.5]),
    start: 1_700_000_000 + Math.floor(rand() * 1000),
    exitCode: rand() < 0.2 ? null : Math.floor(rand() * 3),
  };
}

/** A random mprof file (no header, no PROC): MEM with or without the children in it, CHLD lines after it. */
function randomMprof(rand: () => number): string {
  const included = rand() < 0.5;
  let text = 'CMDLINE python app.py\n';
  let t = 1_600_000_000 + rand() * 100;
  const level = [rand() * 300, rand() * 100, rand() * 100, rand() * 100];
  for (let k = 0, ticks = 1 + Math.floor(rand() * 40); k < ticks; k++) {
    t += 0.1;
    const kids = level.slice(1).map((v, i) => (rand() < 0.8 ? v + i * rand() * 20 : 0));
    const mem = level[0]! + rand() * 20 + (included ? kids.reduce((a, b) => a + b, 0) : 0);
    text += `MEM ${mem.toFixed(6)} ${t.toFixed(4)}\n`;
    kids.forEach((v, i) => {
      if (v > 0 || rand() < 0.2) text += `CHLD ${100 + i} ${v.toFixed(6)} ${(t + 0.001 * i).toFixed(4)}\n`;
    });
  }
  return text;
}

export function randomText(rand: () => number, corpus: string[]): string {
  switch (Math.floor(rand() * 5)) {
    case 0:
      return fakeDat(randomRun(rand));
    case 1:
      return randomMprof(rand);
    case 2:
      return syntheticRecording({
        processes: 1 + Math.floor(rand() * 8),
        lines: 20 + Math.floor(rand() * 1500),
        seed: Math.floor(rand() * 1e9),
      });
    case 3:
      return fakeDat(randomRun(rand)) + fakeDat(randomRun(rand)); // two runs in one file
    default:
      return mutate(rand, pick(rand, corpus));
  }
}

/** Whether every run's MEM times keep their order (see GoneTimes: the bound's one assumption). */
export function memInOrder(text: string): boolean {
  let last = -Infinity;
  for (const line of text.split('\n')) {
    if (line.startsWith('CMDLINE ')) last = -Infinity;
    const time = line.startsWith('MEM ') ? Number(line.split(' ')[2]) : NaN;
    if (time < last) return false;
    if (!Number.isNaN(time)) last = time;
  }
  return true;
}
