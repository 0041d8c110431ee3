import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatPeriod } from '../../src/units.js';
import { FIXTURES, memprof, tempDir } from '../helpers/memprof.js';
import { tool } from '../helpers/accuracy.js';
import { peakVerb, runVerb } from '../helpers/in-process.js';

// A tree of 200 sleeping processes read every 10 ms costs memprof a few percent of a core at the least;
// with its budget set to 2% (MEMPROF_PERIOD_BUDGET), the period must lengthen whatever the machine's
// speed or load. The sampling thread takes over after 1.5 s, so the longer period is carried across too.
// The two runs go one after the other, not at once: beside other tests, their load would delay those ticks.
const SLEEPERS = join(FIXTURES, 'sleepers.py');
const CHILDREN = 200;
const SECONDS = 3.5;
const ENV = { MEMPROF_PERIOD_BUDGET: '0.02', MEMPROF_SAMPLING_THREAD_AFTER: '1500' };

interface Tick {
  time: number;
  children: number;
}

/** The file's ticks in order: each MEM line and the CHLD lines after it, which must carry its time. */
function ticks(text: string): Tick[] {
  const out: Tick[] = [];
  for (const line of text.split('\n')) {
    const [type, , value, time] = line.split(' ');
    if (type === 'MEM') out.push({ time: Number(value), children: 0 });
    if (type === 'CHLD') {
      const tick = out.at(-1);
      assert.ok(tick, `a CHLD line before any MEM line: ${line}`);
      assert.equal(Number(time), tick.time, `a CHLD line with another tick's time: ${line}`);
      tick.children++;
    }
  }
  return out;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function record(
  extra: string[],
  seconds: number,
): Promise<{ stderr: string; text: string; dat: string; dir: string }> {
  const dir = tempDir('memprof-period-');
  const dat = join(dir, 'big.dat');
  const args = ['run', '-M', '-C', '-T', '10ms', ...extra, '-o', dat, 'python3', SLEEPERS, `${CHILDREN}`, `${seconds}`];
  const r = await memprof(args, { env: { ...process.env, ...ENV }, timeoutMs: 30_000 });
  assert.equal(r.code, 0, r.stderr);
  return { stderr: r.stderr, text: readFileSync(dat, 'utf8'), dat, dir };
}

const adaptive = record([], SECONDS);
// Long enough that the same tree would have lengthened the period (a window of warm-up, one judged).
const recordings = Promise.all([adaptive, adaptive.then(() => record(['--fixed-interval'], 2))]);

test('a large tree lengthens the period: a PERIOD line, one note on stderr, the summary says it', async () => {
  const [{ stderr, text }] = await recordings;
  const periods = [...text.matchAll(/^PERIOD (\S+) (\S+)$/gm)].map((m) => [Number(m[1]), Number(m[2])] as const);
  assert.ok(periods.length >= 1, `no PERIOD line:\n${text.slice(0, 400)}`);
  const [first] = periods[0]!;
  const factor = first / 0.01;
  assert.ok(factor >= 2 && Number.isInteger(Math.log2(factor)), `the period ${first} s is 10 ms times a power of two`);
  // A loaded machine can take the period past a second, which is then said in seconds.
  const notes =
    stderr.match(/^memprof: note: (\d+) process(es)?: sampling every (\S+ m?s) instead of 10 ms .*$/gm) ?? [];
  assert.equal(notes.length, 1, stderr);
  const [, processes, , said] = /note: (\d+) process(es)?: sampling every (\S+ m?s)/.exec(notes[0]!)!;
  assert.equal(said, formatPeriod(first), 'the note says the period the file says');
  // However many were up when the window was judged: the tree is still forking on a loaded machine (the
  // first python3 alone, at times).
  assert.ok(Number(processes) >= 1 && Number(processes) <= CHILDREN + 5, `${processes} processes`);
  assert.match(stderr, /under 2% of a core \(--fixed-interval keeps 10 ms/);
  const longest = Math.max(...periods.map(([s]) => s));
  assert.match(stderr, new RegExp(`^memprof: sampled every ${formatPeriod(longest)} at the longest, for `, 'm'));
});

test('every tick of a lengthened period reaches the file whole, at the longer spacing, on either thread', async () => {
  const [{ text }] = await recordings;
  const all = ticks(text);
  const [, from] = [...text.matchAll(/^PERIOD (\S+) (\S+)$/gm)].map((m) => [Number(m[1]), Number(m[2])])[0]!;
  // The sleepers' exits: python3 may be a shim whose own helpers came and went long before the change.
  const exits = [...text.matchAll(/^EXIT \d+ \S+ (\S+)$/gm)].map((m) => Number(m[1]));
  const firstExit = Math.min(...exits.filter((t) => t > from!));
  const longer = all.filter((t) => t.time >= from! && t.time < firstExit);
  assert.ok(longer.length >= 3, `${longer.length} ticks at the longer period`);
  // No sample lost: once every child is up (forking 200 takes a while on a loaded machine), every tick up to
  // the first exit has every child, at either period.
  const full = all.findIndex((t) => t.children === CHILDREN);
  assert.ok(full >= 0 && all[full]!.time < firstExit, 'a tick with every child');
  const whole = all.filter((t) => t.time >= all[full]!.time && t.time < firstExit);
  for (const t of whole) assert.equal(t.children, CHILDREN, `the tick at ${t.time} has ${t.children} children`);
  assert.ok(whole.filter((t) => t.time >= from!).length >= 3, 'some of them at the longer period');
  const periods = [...text.matchAll(/^PERIOD (\S+) (\S+)$/gm)].map((m) => [Number(m[1]), Number(m[2])] as const);
  const inForce = (time: number): number => periods.filter(([, at]) => at <= time).at(-1)?.[0] ?? 0.01;
  // Ticks are due a period apart; the median spacing (robust to a late tick) is that period, after the
  // sampling thread took over (1.5 s in) as before it.
  const gaps = longer.slice(1).map((t, k) => [t.time - longer[k]!.time, inForce(longer[k]!.time)] as const);
  const ratio = median(gaps.map(([gap, due]) => gap / due));
  assert.ok(ratio > 0.8 && ratio < 1.5, `median spacing ${ratio} periods`);
});

test('peak --json and the real mprof read a file with PERIOD lines', async () => {
  const [{ text, dat, dir }] = await recordings;
  const longest = Math.max(...[...text.matchAll(/^PERIOD (\S+) /gm)].map((m) => Number(m[1])));
  const peak = await runVerb(peakVerb([dat], { json: true }));
  assert.equal(peak.code, 0, peak.stderr);
  const doc = JSON.parse(peak.stdout) as { period: { requestedSeconds: number; longestSeconds: number } };
  assert.equal(doc.period.requestedSeconds, 0.01);
  assert.equal(doc.period.longestSeconds, longest);
  if (tool('python3-mprof') === null) return;
  const largest = Math.max(...[...text.matchAll(/^MEM (\S+) /gm)].map((m) => Number(m[1])));
  const theirs = spawnSync('python3-mprof', ['peak', 'big.dat'], { cwd: dir, encoding: 'utf8' });
  assert.equal(theirs.status, 0, theirs.stderr);
  // mprof prints 3 decimals as Python rounds them (a tie such as 1976.0625 goes to the even digit, where
  // toFixed goes up): the same peak, to the printed precision.
  const printed = /^big\.dat\t(\d+\.\d{3}) MiB$/.exec(theirs.stdout.split('\n')[0]!);
  assert.ok(printed, theirs.stdout);
  assert.ok(Math.abs(Number(printed[1]) - largest) <= 0.0005 + 1e-9, `mprof ${printed[1]}, the file's ${largest}`);
});

test('--fixed-interval keeps the period: no PERIOD line, no note', async () => {
  const [, fixed] = await recordings;
  assert.doesNotMatch(fixed.text, /^PERIOD /m);
  assert.doesNotMatch(fixed.stderr, /sampling every|sampled every/);
  const read = ticks(fixed.text);
  assert.ok(read.length >= 10, `${read.length} ticks`);
  assert.ok(
    read.some((t) => t.children === CHILDREN),
    'the whole tree was read',
  );
});
