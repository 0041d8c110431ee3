import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { memprof, MPROF_FIXTURES, tempDir } from '../helpers/memprof.js';
import { poolRun, writeDat } from '../helpers/recordings.js';
import { diffVerb, runVerb } from '../helpers/in-process.js';

test('diff: peak total and per-command peaks side by side, matched by command line', async () => {
  const dir = tempDir();
  const a = writeDat(dir, 'a.dat', poolRun());
  const b = writeDat(
    dir,
    'b.dat',
    poolRun({
      children: [{ pid: 4242, ppid: 1000, command: 'node worker.js b', mib: [null, 50, 330, 330, null, null] }],
    }),
  );
  const r = await runVerb(diffVerb(a, b));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^a: .*a\.dat\nb: .*b\.dat\n/);
  assert.match(r.stdout, /peak total \(RSS\) +460 MiB +370 MiB +-19\.6%/);
  assert.match(r.stdout, /300 MiB +330 MiB +\+10\.0% +node worker\.js b/);
  assert.match(r.stdout, /120 MiB +- +gone +node worker\.js a/);
});

test("diff of mprof's files: children without a command line are one group", async () => {
  const r = await runVerb(diffVerb(join(MPROF_FIXTURES, 'pool_M_T0.1.dat'), join(MPROF_FIXTURES, 'pool_MC_T0.1.dat')));
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stdout,
    /623 MiB \(x4\) +623 MiB \(x4\) +\+0\.0% +\(child processes whose command line was not recorded\)/,
  );
});

test('diff needs two readable recordings (exit 2)', async () => {
  const a = writeDat(tempDir(), 'a.dat', poolRun());
  // Through the CLI: main prints the error as one line.
  const r = await memprof(['diff', a, 'nope.dat']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^memprof: nope\.dat: no such file\n/);
});
