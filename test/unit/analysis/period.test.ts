import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeDat } from '../../../src/format/decode.js';
import { encodeHeader, encodeMem, encodePace, encodePeriod } from '../../../src/format/encode.js';
import { cadenceOf, longPeriodFrom, slowPaceOf } from '../../../src/analysis/pace.js';
import { gapBreaks } from '../../../src/analysis/reading-gaps.js';
import { LineReducer } from '../../../src/analysis/line-reducer.js';
import { summarizeRun } from '../../../src/analysis/summary.js';
import { summarizeFile } from '../../../src/analysis/summary.js';
import { plotCommand } from '../../../src/commands/plot.js';
import { PROCESS_COLOURS } from '../../../src/report/chart-data.js';
import { peakJson } from '../../../src/report/json.js';
import { peakText } from '../../../src/report/peak-text.js';
import { tempDir } from '../../helpers/memprof.js';
import { PERIOD_TICKS, periodDat, writeDat } from '../../helpers/recordings.js';
import { linePaths } from '../report/svg-helpers.js';
import { plotOptions } from '../../helpers/in-process.js';

const near = (actual: number, expected: number, what: string): void =>
  assert.ok(Math.abs(actual - expected) < 1e-6, `${what}: ${actual}, expected ${expected}`);

test('PERIOD lines decode in file order; a period that is no positive number is skipped, naming its line', () => {
  const start = 1_700_000_000;
  const rec = decodeDat(periodDat(start))[0]!;
  assert.deepEqual(
    rec.periods.map((p) => [p.seconds, Math.round((p.time - start) * 100) / 100]),
    [
      [0.08, 0.5],
      [0.01, 2.1],
    ],
  );
  const head = 'MEMPROF 1 metric=rss interval=0.01 mem=root per_process=0 source=procfs\nCMDLINE x\nMEM 1.0 1.0\n';
  const bad = [
    ['PERIOD 0 1.5', "period must be more than 0 seconds: '0'"],
    ['PERIOD x 1.5', "period is not a number: 'x'"],
  ] as const;
  for (const [line, detail] of bad) {
    const [run] = decodeDat(`${head}${line}\n`, 'p.dat');
    assert.deepEqual(run!.periods, [], line);
    assert.deepEqual(run!.warnings, [{ kind: 'malformed', malformed: 'garbled', count: 1, lines: [4], detail }], line);
  }
});

test('readings as far apart as a lengthened period are due, not gaps; without its PERIOD line they would be', () => {
  const rec = decodeDat(periodDat())[0]!;
  const cadence = cadenceOf(rec, rec.startTime);
  const series = { t: rec.mem.t.map((t) => t - rec.startTime), v: rec.mem.v };
  assert.equal(series.t.length, PERIOD_TICKS.length);
  assert.deepEqual(gapBreaks(series, cadence), []);
  // The streaming reducer of the plots says the same, point by point.
  const reducer = new LineReducer({ span: { start: 0, end: 2.3 }, buckets: Infinity, cadence });
  for (let k = 0; k < series.t.length; k++) reducer.push(series.t[k]!, series.v[k]!);
  assert.deepEqual(reducer.finish().breaks, []);
  // The same ticks without the PERIOD lines: 80 ms is 8 periods of 10 ms, over the 4 that make a gap.
  const bare = decodeDat(periodDat(undefined, false))[0]!;
  const bareSeries = { t: bare.mem.t.map((t) => t - bare.startTime), v: bare.mem.v };
  assert.equal(gapBreaks(bareSeries, cadenceOf(bare, bare.startTime)).length, 20);
  // A stall longer than 4 lengthened periods is still a gap.
  const stalled = { t: [...series.t.slice(0, 55), 1.5], v: series.v.slice(0, 56) };
  assert.deepEqual(gapBreaks(stalled, cadence), [55]);
});

test('the summary says the longest period and how long it was in force, decoded or streamed', () => {
  const dir = tempDir('memprof-period-');
  const file = writeDat(dir, 'p.dat', periodDat());
  const decoded = summarizeRun(decodeDat(readFileSync(file, 'utf8'), file)[0]!);
  const streamed = summarizeFile(file)[0]!;
  for (const run of [decoded, streamed]) {
    const period = run.period!;
    near(period.periodSeconds, 0.01, 'asked');
    near(period.slowestSeconds, 0.08, 'longest');
    near(period.slowestForSeconds, 1.6, 'at the longest: 0.5 s to 2.1 s');
    near(period.slowForSeconds, 1.6, 'longer than asked');
    near(period.runSeconds, 2.3, 'run');
    assert.equal(run.pace, null, 'RSS is read on every tick: no slow pace');
  }
  assert.equal(summarizeRun(decodeDat(periodDat(undefined, false))[0]!).period, null);
  const json = JSON.parse(peakJson(streamed)) as { period: Record<string, number> };
  assert.deepEqual(json.period, {
    requestedSeconds: 0.01,
    longestSeconds: 0.08,
    longestForSeconds: 1.6,
    longerForSeconds: 1.6,
  });
  assert.equal(
    (
      JSON.parse(peakJson(summarizeFile(writeDat(dir, 'q.dat', periodDat(undefined, false)))[0]!)) as {
        period: unknown;
      }
    ).period,
    null,
  );
  assert.ok(
    peakText(streamed)
      .split('\n')
      .includes(
        '  sampled every 80 ms at the longest, for 1.60 s (of the 2.30 s run, instead of every 10 ms): ' +
          "the tree was too large to read every 10 ms within memprof's CPU budget",
      ),
    peakText(streamed),
  );
});

test('a pace no slower than the period in force is every tick; a slower one is slow', () => {
  const header = encodeHeader({
    version: 1,
    metric: 'pss',
    intervalSeconds: 0.01,
    memScope: 'root',
    perProcess: false,
    source: 'procfs',
  });
  const runOf = (pace: number): string => {
    let text = header + encodeMem(1, 0);
    // The period lengthens to 20 ms at 1 s; the pace follows it with the same tick.
    text += encodePeriod(0.02, 1) + encodePace(pace, 1);
    for (let t = 1; t <= 3.0001; t += pace) text += encodeMem(1, t);
    return text;
  };
  const everyTick = decodeDat(runOf(0.02))[0]!;
  assert.equal(slowPaceOf(everyTick, 0, 3), null);
  const slow = slowPaceOf(decodeDat(runOf(0.08))[0]!, 0, 3)!;
  near(slow.slowestSeconds, 0.08, 'slowest');
  near(slow.slowForSeconds, 2, 'from the PACE line at 1 s to the end');
  // The period's own account, from the same lines.
  const period = longPeriodFrom(everyTick.periods, 0.01, 0, 3)!;
  near(period.slowestSeconds, 0.02, 'longest period');
  near(period.slowestForSeconds, 2, 'at it');
});

test('plot draws the total of a lengthened period as one line, and says why it is sparser', async () => {
  const dir = tempDir('memprof-period-plot-');
  const paths = async (text: string): Promise<{ count: number; err: string; svg: string }> => {
    const dat = writeDat(dir, 'p.dat', text);
    const output = join(dir, 'p.svg');
    let err = '';
    const io = {
      out: () => undefined,
      err: (t: string) => {
        err += t;
      },
    };
    assert.equal(await plotCommand(plotOptions(io, [dat], { output })), 0, err);
    const svg = readFileSync(output, 'utf8');
    return { count: linePaths(svg).filter((p) => p.stroke === PROCESS_COLOURS[0]).length, err, svg };
  };
  const adapted = await paths(periodDat());
  assert.equal(adapted.count, 1, 'the main process drawn as one path');
  assert.match(
    adapted.err,
    /^memprof: sampled every 80 ms at the longest, for 1\.60 s \(of the 2\.30 s run, instead of every 10 ms\)/m,
  );
  assert.match(adapted.svg, /sampled every 80 ms at the longest \(asked: 10 ms; lengthened for a large tree\)/);
  const bare = await paths(periodDat(undefined, false));
  assert.ok(bare.count > 1, `without PERIOD lines the 80 ms ticks are gaps: ${bare.count} paths`);
  assert.doesNotMatch(bare.err, /sampled every/);
});
