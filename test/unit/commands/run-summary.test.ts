import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatSurvivors } from '../../../src/commands/run-notes.js';
import { formatSummary } from '../../../src/commands/run-summary.js';
import { summarizeRun } from '../../../src/analysis/summary.js';
import { decodeDat } from '../../../src/format/decode.js';
import { encodeHeader } from '../../../src/format/encode.js';
import { paceSentence } from '../../../src/report/pace-text.js';
import { MiB } from '../../../src/units.js';
import { fakeDat, poolRun } from '../../helpers/recordings.js';
import { Recorder } from '../../../src/sampler/recorder.js';
import { tickResult } from '../../../src/platform/tick-result.js';

const tick = tickResult;

test('survivors: up to three named with their commands, the rest counted; one is said in the singular', () => {
  const recorder = new Recorder(() => undefined, { rootPid: 1, memScope: 'root', perProcess: true, followTree: true });
  const appeared = [2, 3, 4, 5, 6].map((pid) => ({
    pid,
    ppid: 1,
    startTime: 9,
    command: `/usr/bin/node worker.js ${pid}`,
  }));
  recorder.record(10, tick({ appeared, readings: [{ pid: 1, bytes: 1 }] }));
  assert.equal(
    formatSurvivors([2, 3, 4, 5, 6], recorder),
    'memprof: 5 descendants were still running when the command exited and not recorded after it: ' +
      'pid 2 node worker.js 2, pid 3 node worker.js 3, pid 4 node worker.js 4 and 2 more\n',
  );
  assert.match(
    formatSurvivors([6], recorder),
    /^memprof: 1 descendant was still running .*: pid 6 node worker\.js 6\n$/,
  );
});

test('a second line says how slowly PSS was read, in the words peak uses for the file written', () => {
  const header = {
    version: 1,
    metric: 'pss',
    intervalSeconds: 0.01,
    memScope: 'root',
    perProcess: false,
    source: 'procfs',
  } as const;
  let text = `${encodeHeader(header)}CMDLINE hold\n`;
  const options = { rootPid: 1, memScope: 'root', perProcess: false, followTree: false } as const;
  const recorder = new Recorder((t) => {
    text += t;
  }, options);
  const t0 = 1_700_000_000;
  const root = { pid: 1, ppid: 0, startTime: t0, command: 'hold' };
  recorder.record(t0, tick({ appeared: [root], readings: [{ pid: 1, bytes: 10 * MiB }] }));
  recorder.record(t0 + 0.01, tick({ readings: [{ pid: 1, bytes: 10 * MiB }], paceSeconds: 0.08 }));
  recorder.record(t0 + 0.05, tick({})); // a tick between paced readings reads nothing
  recorder.record(t0 + 0.09, tick({ readings: [{ pid: 1, bytes: 300 * MiB }], paceSeconds: 0.64 }));
  recorder.record(t0 + 0.73, tick({ readings: [{ pid: 1, bytes: 300 * MiB }] }));
  recorder.finish(t0 + 1.5, 0);
  const run = summarizeRun(decodeDat(text, 'x.dat')[0]!);
  const lines = formatSummary({ run, file: 'x.dat' }).split('\n');
  assert.deepEqual(lines, [
    'memprof: peak PSS 300 MiB at 0.090 s of a 1.50 s run (main process only: add -M or -C for the whole tree) ' +
      '-> x.dat',
    'memprof: PSS was read every 0.64 s at the slowest, for 1.41 s ' +
      '(less often than every 10 ms tick for 1.49 s of the 1.50 s run): ' +
      'reading smaps_rollup costs more than the CPU budget allows; ' +
      'RSS high-water marks are still read every tick',
    '',
  ]);
  assert.equal(lines[1], `memprof: ${paceSentence(run.pace, 'pss')}`);
});

test("the summary line is the file's summary: peak, when, of how long a run, its bracket, who held the most", () => {
  // The pool's total peaks at tick 3 (0.30 s): 40 + 120 + 300 MiB, worker b holding 300 MiB. The bound sums
  // the high-water marks of processes alive together: worker a's largest sample (120 MiB, it has no mark)
  // and b's mark, 360 MiB (the main process has none in this file). The run closes at 0.60 s.
  const pool = poolRun();
  pool.children![1]!.hwmMib = 360;
  const run = summarizeRun(decodeDat(fakeDat(pool), 'pool.dat')[0]!);
  assert.equal(
    formatSummary({ run, file: 'pool.dat' }),
    'memprof: peak RSS 460 MiB at 0.30 s of a 0.60 s run (≤ 480 MiB by kernel high-water marks); ' +
      'at the peak pid 1002 (node worker.js b) held the most: 300 MiB -> pool.dat\n',
  );
  assert.match(formatSummary({ run, file: 'pool.dat', incomplete: true }), / \(incomplete recording\) -> pool\.dat\n$/);
  // One process measured: naming it would repeat the peak.
  const alone = summarizeRun(decodeDat(fakeDat({ command: 'x', rootMib: [5, 7], perProcess: true }), 'x.dat')[0]!);
  assert.equal(
    formatSummary({ run: alone, file: 'x.dat' }),
    'memprof: peak RSS 7.0 MiB at 0.100 s of a 0.20 s run -> x.dat\n',
  );
});

test('a run without a sample says it has no total and why, as peak and check say it', () => {
  const header = 'MEMPROF 1 metric=rss interval=0.01 mem=root per_process=1 source=procfs exits=final\n';
  const run = summarizeRun(decodeDat(`${header}CMDLINE true\nDONE 100.5 0\n`, 'quick.dat')[0]!);
  assert.equal(
    formatSummary({ run, file: 'quick.dat' }),
    'memprof: no total (no sample: the recording ended before its first reading) -> quick.dat\n',
  );
});

test('the Node probe is spoken of only where the tree ran Node: probed, or not', () => {
  const header = 'MEMPROF 1 metric=rss interval=0.01 mem=root per_process=1 source=procfs node=1\n';
  const body = 'CMDLINE true\nPROC 100 1 100 100 "true"\nMEM 1.0 100.01\nDONE 100.02 0\n';
  const run = summarizeRun(decodeDat(`${header}${body}`, 'quick.dat')[0]!);
  assert.notEqual(run.node, null, 'the header says Node processes were probed');
  assert.doesNotMatch(formatSummary({ run, file: 'quick.dat' }), /Node/);
  const ran = { ...run, node: { ...run.node!, notProbed: [{ pid: 7, command: 'node x.js' }] } };
  assert.match(
    formatSummary({ run: ran, file: 'quick.dat' }),
    /^memprof: 0 Node processes probed; 1 Node process was not \(pid 7: /m,
  );
});
