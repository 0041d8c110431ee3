import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeDat } from '../../../src/format/decode.js';
import { Recorder } from '../../../src/sampler/recorder.js';
import { encodeHeader } from '../../../src/format/encode.js';
import { summarizeRun } from '../../../src/analysis/summary.js';
import { tickResult } from '../../../src/platform/tick-result.js';
import { MiB } from '../../../src/units.js';

const tick = tickResult;

function record(memScope: 'root' | 'tree'): { text: string; recorder: Recorder } {
  let text = 'CMDLINE x\n';
  const recorder = new Recorder(
    (t) => {
      text += t;
    },
    { rootPid: 1, memScope, perProcess: true, followTree: true },
  );
  recorder.record(
    10,
    tick({ appeared: [{ pid: 1, ppid: 0, startTime: 9, command: 'root' }], readings: [{ pid: 1, bytes: 10 * MiB }] }),
  );
  recorder.record(
    11,
    tick({
      appeared: [{ pid: 2, ppid: 1, startTime: 10.5, command: 'kid' }],
      readings: [
        { pid: 1, bytes: 10 * MiB },
        { pid: 2, bytes: 30 * MiB },
      ],
    }),
  );
  recorder.record(12, tick({ readings: [{ pid: 1, bytes: 12 * MiB }], vanished: [2] }));
  recorder.record(13, tick({ readings: [] })); // the root could not be read: no MEM line, no CHLD line
  recorder.finish(14, 0);
  return { text, recorder };
}

test('writes PROC before samples, EXIT with the last time seen, and DONE', () => {
  const { text, recorder } = record('root');
  const [rec] = decodeDat(text);
  const kid = rec!.processes.find((p) => p.pid === 2)!;
  assert.deepEqual([kid.command, kid.ppid, kid.exited, kid.lastSeen, kid.samples.v], ['kid', 1, true, 11, [30 * MiB]]);
  assert.deepEqual(rec!.mem.v, [10 * MiB, 10 * MiB, 12 * MiB]);
  assert.deepEqual(rec!.done, { time: 14, exitCode: 0 });
  assert.deepEqual(recorder.peak, { bytes: 40 * MiB, atSeconds: 1, top: { pid: 2, bytes: 30 * MiB, command: 'kid' } });
});

test('with -C the MEM line is the sum of the tree', () => {
  const [rec] = decodeDat(record('tree').text);
  assert.deepEqual(rec!.mem.v, [10 * MiB, 40 * MiB, 12 * MiB]);
});

test('a reading reused from tick to tick writes its new size when it changes, the same one when not', () => {
  let text = '';
  const recorder = new Recorder(
    (t) => {
      text += t;
    },
    { rootPid: 1, memScope: 'tree', perProcess: true, followTree: true },
  );
  const root = { pid: 1, bytes: 10 * MiB };
  const kid = { pid: 2, bytes: 3 * MiB };
  recorder.record(
    10,
    tick({
      appeared: [
        { pid: 1, ppid: 0, startTime: 9, command: 'r' },
        { pid: 2, ppid: 1, startTime: 9, command: 'k' },
      ],
      readings: [root, kid],
    }),
  );
  recorder.record(11, tick({ readings: [root, kid] }));
  kid.bytes = 5.5 * MiB;
  recorder.record(12, tick({ readings: [root, kid] }));
  kid.bytes = 3 * MiB;
  recorder.record(13, tick({ readings: [root, kid] }));
  const [rec] = decodeDat(text);
  assert.deepEqual(rec!.processes.find((p) => p.pid === 2)!.samples.v, [3 * MiB, 3 * MiB, 5.5 * MiB, 3 * MiB]);
  assert.match(text, /^CHLD 2 5\.500000 12\.0000$/m);
});

test('at the end, every process seen and not gone gets its EXIT line unless it is still alive', () => {
  let text = `${encodeHeader({
    version: 1,
    metric: 'rss',
    intervalSeconds: 1,
    memScope: 'root',
    perProcess: true,
    source: 'procfs',
    finalExits: true,
  })}CMDLINE x\n`;
  const recorder = new Recorder(
    (t) => {
      text += t;
    },
    { rootPid: 1, memScope: 'root', perProcess: true, followTree: true },
  );
  const appeared = [1, 2, 3].map((pid) => ({ pid, ppid: pid === 1 ? 0 : 1, startTime: 9, command: `p${pid}` }));
  recorder.record(10, tick({ appeared, readings: [1, 2, 3].map((pid) => ({ pid, bytes: pid * MiB })) }));
  recorder.record(
    11,
    tick({
      readings: [
        { pid: 1, bytes: MiB },
        { pid: 3, bytes: 3 * MiB },
      ],
      vanished: [2],
    }),
  );
  recorder.closeEnded(11.5, new Set([3])); // the root ended after the last tick; 3 outlives the run
  recorder.finish(11.5, 0);
  const [rec] = decodeDat(text);
  assert.deepEqual(
    rec!.processes.map((p) => [p.pid, p.exited, p.lastSeen]),
    [
      [1, true, 11],
      [2, true, 10],
      [3, false, 11],
    ],
  );
  assert.deepEqual(
    summarizeRun(rec!).processes.map((p) => [p.pid, p.stillRunning]),
    [
      [1, false],
      [2, false],
      [3, true],
    ],
  );
  assert.equal(text.match(/^EXIT /gm)?.length, 2, 'no process gets two EXIT lines');
});
