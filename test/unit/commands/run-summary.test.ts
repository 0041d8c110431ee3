import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatSummary, formatSurvivors } from '../../../src/commands/run-summary.js';
import { summarizeRun } from '../../../src/analysis/summary.js';
import { decodeDat } from '../../../src/format/decode.js';
import { encodeHeader } from '../../../src/format/encode.js';
import { paceSentence } from '../../../src/report/pace-text.js';
import { MiB } from '../../../src/units.js';
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
  const input = { recorder, metric: 'pss' as const, file: 'x.dat', followTree: false, intervalSeconds: 0.01 };
  const lines = formatSummary(input).split('\n');
  assert.equal(lines.length, 3);
  assert.match(lines[0]!, /^memprof: peak PSS 300 MiB at 0\.090 s/);
  assert.equal(
    lines[1],
    'memprof: PSS was read every 0.64 s at the slowest, for 1.41 s ' +
      '(less often than every 10 ms tick for 1.49 s of the 1.50 s run): ' +
      'reading smaps_rollup costs more than the CPU budget allows; ' +
      'RSS high-water marks are still read every tick',
  );
  const fromFile = paceSentence(summarizeRun(decodeDat(text)[0]!).pace, 'pss');
  assert.equal(lines[1], `memprof: ${fromFile}`);
  // Read every tick: the summary is its one line.
  const steady = new Recorder(() => undefined, options);
  steady.record(t0, tick({ readings: [{ pid: 1, bytes: MiB }] }));
  steady.record(t0 + 0.01, tick({ readings: [{ pid: 1, bytes: MiB }], paceSeconds: 0.01 }));
  assert.equal(formatSummary({ ...input, recorder: steady }).split('\n').length, 2);
});
