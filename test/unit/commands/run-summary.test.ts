import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatSurvivors } from '../../../src/commands/run-summary.js';
import { Recorder } from '../../../src/sampler/recorder.js';
import { tickResult } from '../../../src/sampler/tick-result.js';

const tick = tickResult;

test('survivors: up to three named with their commands, the rest counted; one is said in the singular', () => {
  const recorder = new Recorder(() => undefined, { rootPid: 1, memScope: 'root', perProcess: true, followTree: true });
  const appeared = [2, 3, 4, 5, 6].map((pid) => ({ pid, ppid: 1, startTime: 9, command: `/usr/bin/node worker.js ${pid}` }));
  recorder.record(10, tick({ appeared, readings: [{ pid: 1, bytes: 1 }] }));
  assert.equal(formatSurvivors([2, 3, 4, 5, 6], recorder),
    'memprof: 5 descendants were still running when the command exited and not recorded after it: ' +
    'pid 2 node worker.js 2, pid 3 node worker.js 3, pid 4 node worker.js 4 and 2 more\n');
  assert.match(formatSurvivors([6], recorder), /^memprof: 1 descendant was still running .*: pid 6 node worker\.js 6\n$/);
});
