import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeDat } from '../../../src/format/decode.js';
import { GapMedian, PaceTally, cadenceOf, slowPaceOf } from '../../../src/analysis/pace.js';
import { gapBreaks } from '../../../src/analysis/reading-gaps.js';
import { processCurves } from '../../../src/analysis/curves.js';
import { summarizeRun } from '../../../src/analysis/summary.js';
import { fakeDat, pacedDat, PACED_READINGS } from '../../helpers/recordings.js';

const near = (actual: number, expected: number, what: string): void =>
  assert.ok(Math.abs(actual - expected) < 1e-6, `${what}: ${actual}, expected ${expected}`);

test('PACE lines decode in file order; a pace that is no positive number is skipped, naming its line', () => {
  const rec = decodeDat(pacedDat(0))[0]!;
  assert.deepEqual(rec.paces, [
    { seconds: 0.08, time: 0.09 },
    { seconds: 0.64, time: 0.25 },
  ]);
  const head = 'MEMPROF 1 metric=pss interval=0.01 mem=root per_process=0 source=procfs\nCMDLINE x\nMEM 1.0 1.0\n';
  const bad = [
    ['PACE 0 1.5', "pace must be more than 0 seconds: '0'"],
    ['PACE x 1.5', "pace is not a number: 'x'"],
    ['PACE 0.08', "timestamp is not a number: ''"],
  ] as const;
  for (const [line, detail] of bad) {
    const [run] = decodeDat(`${head}${line}\n`, 'p.dat');
    assert.deepEqual(run!.paces, [], line);
    assert.deepEqual(run!.warnings, [{ kind: 'malformed', malformed: 'garbled', count: 1, lines: [4], detail }], line);
  }
});

test('the tally adds up how long each pace was in force, from its change to the next or to the end', () => {
  const tally = new PaceTally(100);
  tally.change(0.08, 100.09);
  tally.change(0.64, 100.25);
  tally.change(0.01, 102.25); // back to every tick: not slow, but the 0.64 s stretch ends here
  tally.change(0.64, 103);
  const pace = tally.result(0.01, 104)!;
  near(pace.slowestSeconds, 0.64, 'slowest');
  near(pace.slowestForSeconds, 2 + 1, 'at the slowest');
  near(pace.slowForSeconds, 0.16 + 2 + 1, 'slower than every tick');
  near(pace.runSeconds, 4, 'run');
  // Carried to another thread as plain data, it goes on where it was.
  const moved = new PaceTally(0, structuredClone(tally.state));
  assert.deepEqual(moved.result(0.01, 104), pace);
});

test('a pace at the period, or none, is no slow pace', () => {
  const tally = new PaceTally(0);
  tally.change(0.01, 1);
  assert.equal(tally.result(0.01, 2), null);
  assert.equal(new PaceTally(0).result(0.01, 2), null);
  assert.equal(slowPaceOf(decodeDat(fakeDat({ command: 'x', rootMib: [1, 2, 3], metric: 'pss' }))[0]!, 0, 1), null);
});

test('a recording with PACE lines: its summary has the slowest pace, how long at it and below the period', () => {
  const rec = decodeDat(pacedDat())[0]!;
  const pace = summarizeRun(rec).pace!;
  near(pace.periodSeconds, 0.01, 'period');
  near(pace.slowestSeconds, 0.64, 'slowest');
  near(pace.slowestForSeconds, 5.1 - 0.25, 'at 0.64 s: from its PACE line to DONE');
  near(pace.slowForSeconds, 5.1 - 0.09, 'below the period: from the first PACE line on');
  near(pace.runSeconds, 5.1, 'run');
});

test('a line breaks where two readings are over 4 due intervals apart: the pace in force, else the period', () => {
  const rec = decodeDat(pacedDat())[0]!;
  const cadence = cadenceOf(rec, rec.startTime);
  const [root, child] = processCurves(rec);
  const relative = (t: number[]) => ({ t: t.map((x) => x - rec.startTime), v: t.map(() => 0) });
  // Main: every step at most a pace apart, but 2.17 s -> 5 s is 2.83 s, more than 4 * 0.64 s.
  assert.deepEqual(gapBreaks(relative(root!.series.t), cadence), [PACED_READINGS.findIndex(([s]) => s === 5)]);
  // Child: 0.02 s -> 0.08 s is 6 ticks at a 10 ms pace; 0.09 s -> 0.17 s under the 0.08 s pace is one interval.
  const childTimes = child!.series.t.map((x) => Math.round((x - rec.startTime) * 100) / 100);
  assert.deepEqual(gapBreaks(relative(child!.series.t), cadence), [childTimes.indexOf(0.08)]);
  // Without a header (mprof) the period is the median spacing of the MEM lines.
  const mprof = decodeDat('CMDLINE x\nMEM 1 0.0\nMEM 1 0.1\nMEM 1 0.2\nMEM 1 0.3\nMEM 1 1.0\n')[0]!;
  assert.deepEqual(gapBreaks(mprof.mem, cadenceOf(mprof, 0)), [4]);
});

test('the median spacing is exact over every gap while they are few, past the first array of them', () => {
  // 100 gaps of 0.5 s then 101 of 0.25 s: the median is the 101st gap from the top, 0.25 s.
  const times = [0];
  for (let i = 0; i < 201; i++) times.push(times[times.length - 1]! + (i < 100 ? 0.5 : 0.25));
  const gaps = new GapMedian();
  for (const t of times) gaps.add(t);
  assert.equal(gaps.median(), 0.25);
  const fewer = new GapMedian();
  for (const t of times.slice(0, 150)) fewer.add(t);
  assert.equal(fewer.median(), 0.5);
});
