import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffRuns, runToCompare, UNNAMED_CHILDREN } from '../../../src/analysis/diff.js';
import { summarizeRuns } from '../../../src/analysis/summary.js';
import { decodeDat } from '../../../src/format/decode.js';
import { MiB } from '../../../src/units.js';
import { fakeDat, poolRun } from '../../helpers/recordings.js';

test('processes are matched by command line, not pid; new and gone commands stand alone', () => {
  const a = summarizeRuns(decodeDat(fakeDat(poolRun())))[0]!;
  const b = summarizeRuns(
    decodeDat(
      fakeDat(
        poolRun({
          rootMib: [10, 20, 30, 40, 30, 20],
          children: [
            { pid: 2001, ppid: 1000, command: 'node worker.js b', mib: [null, 60, 330, null, null, null] },
            { pid: 2002, ppid: 1000, command: 'node  worker.js c', mib: [null, 10, null, null, null, null] },
          ],
        }),
      ),
    ),
  )[0]!;
  const d = diffRuns(a, b);
  const row = (cmd: string) => d.rows.find((r) => r.command === cmd)!;
  assert.equal(row('node worker.js b').a?.peakBytes, 300 * MiB);
  assert.equal(row('node worker.js b').b?.peakBytes, 330 * MiB);
  assert.ok(Math.abs(row('node worker.js b').changePercent! - 10) < 1e-9);
  assert.equal(row('node worker.js a').b, null);
  assert.equal(row('node worker.js c').a, null, 'white space in command lines is folded');
  assert.equal(d.rows[0]!.command, 'node worker.js b', 'largest first');
  assert.equal(d.peakTotal.a, 460 * MiB);
});

test('several processes with one command line: the largest peak and the count', () => {
  const run = summarizeRuns(
    decodeDat(
      fakeDat(
        poolRun({
          children: [1, 2, 3].map((i) => ({ pid: 1000 + i, ppid: 1000, command: 'worker', mib: [i, i * 10] })),
          rootMib: [1, 1],
        }),
      ),
    ),
  )[0]!;
  const d = diffRuns(run, run);
  const w = d.rows.find((r) => r.command === 'worker')!;
  assert.deepEqual(w.a, { peakBytes: 30 * MiB, count: 3 });
  assert.equal(w.changePercent, 0);
});

test("mprof's children have no command line and are compared as one group", () => {
  const run = summarizeRuns(decodeDat('CMDLINE x\nMEM 1 10\nCHLD 7 2 10\nCHLD 8 3 10\n'))[0]!;
  assert.equal(diffRuns(run, run).rows.find((r) => r.command === UNNAMED_CHILDREN)?.a?.count, 2);
});

test('the run to compare in a multi-run file is the one with the highest peak', () => {
  const runs = summarizeRuns(decodeDat('CMDLINE a\nMEM 1 10\nCMDLINE b\nMEM 5 10\nCMDLINE c\nMEM 2 10\n'));
  assert.equal(runToCompare(runs).command, 'b');
});
