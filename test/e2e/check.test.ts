import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { memprof, MPROF_FIXTURES, tempDir } from '../helpers/memprof.js';
import { poolRun, writeDat } from '../helpers/recordings.js';
import { checkVerb, runVerb } from '../helpers/in-process.js';

// `memprof check` on recordings generated with the encoders (peak total 460 MiB, pid 1002 the largest at 300 MiB).
const NOT_CI = { GITHUB_STEP_SUMMARY: '', GITHUB_ACTIONS: '' };

test('check: over --max-peak exits 3 and says by how much and who held the most', async () => {
  const file = writeDat(tempDir(), 'pool.dat', poolRun());
  const r = await runVerb(checkVerb(file, { maxPeak: '400MiB' }, NOT_CI));
  assert.equal(r.code, 3, r.stderr);
  assert.match(
    r.stdout,
    /over budget: peak 460 MiB \(RSS, whole tree\) at 0\.30 s is over --max-peak 400 MiB by 60 MiB/,
  );
  assert.match(r.stdout, /pid 1002 \(node worker\.js b\) held the most: 300 MiB/);
  assert.doesNotMatch(r.stdout, /::error::/, 'no annotation outside GitHub Actions');
});

test('check: within every budget exits 0', async () => {
  const file = writeDat(tempDir(), 'pool.dat', poolRun());
  const r = await runVerb(checkVerb(file, { maxPeak: '1GiB', maxProcessPeak: '300MiB' }, NOT_CI));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /within budget: peak 460 MiB .* under --max-peak 1\.00 GiB \(45% of it\)/);
});

test('check: --max-process-peak names the process; MB means 10^6 bytes', async () => {
  const file = writeDat(tempDir(), 'pool.dat', poolRun());
  const r = await runVerb(checkVerb(file, { maxProcessPeak: '300MB' }, NOT_CI));
  assert.equal(r.code, 3);
  assert.match(
    r.stdout,
    /over budget: pid 1002 \(node worker\.js b\) peaked at 300 MiB RSS at 0\.30 s, over --max-process-peak 286 MiB/,
  );
});

test('check: --baseline with --max-increase catches a regression', async () => {
  const dir = tempDir();
  const base = writeDat(dir, 'base.dat', poolRun());
  const grown = writeDat(dir, 'new.dat', poolRun({ rootMib: [10, 20, 30, 86, 30, 20] }));
  const over = await runVerb(checkVerb(grown, { baseline: base, maxIncrease: '5%' }, NOT_CI));
  assert.equal(over.code, 3);
  assert.match(over.stdout, /peak 506 MiB is \+10\.0% against the baseline's 460 MiB .*more than --max-increase 5%/);
  const within = await runVerb(checkVerb(grown, { baseline: base, maxIncrease: '10' }, NOT_CI));
  assert.equal(within.code, 0);
  const alone = await runVerb(checkVerb(grown, { baseline: base }, NOT_CI));
  assert.equal(alone.code, 2);
  assert.match(alone.stderr, /--baseline and --max-increase go together/);
});

test('check under GitHub Actions: appends a Markdown table to the job summary and prints ::error::', async () => {
  const dir = tempDir();
  const file = writeDat(dir, 'pool.dat', poolRun());
  const summary = join(dir, 'summary.md');
  writeFileSync(summary, '# earlier step\n');
  const r = await runVerb(
    checkVerb(file, { maxPeak: '400MiB' }, { GITHUB_STEP_SUMMARY: summary, GITHUB_ACTIONS: 'true' }),
  );
  assert.equal(r.code, 3);
  assert.match(r.stdout, /^::error title=memprof budget::over budget: peak 460 MiB/m);
  const md = readFileSync(summary, 'utf8');
  assert.match(md, /^# earlier step\n### memprof: `node pool\.js`/, 'appended, not overwritten');
  assert.match(md, /\| pid \| command \| peak \| at \| at the total peak \|/);
  assert.match(md, /\| 1002 \| `node worker\.js b` \| 300 MiB \|/);
  assert.match(md, /❌ over budget/);
});

test('check --summary writes the same Markdown anywhere', async () => {
  const dir = tempDir();
  const file = writeDat(dir, 'pool.dat', poolRun());
  const r = await runVerb(checkVerb(file, { maxPeak: '1GiB', summary: join(dir, 'out.md') }, NOT_CI));
  assert.equal(r.code, 0);
  assert.match(readFileSync(join(dir, 'out.md'), 'utf8'), /✅ within budget[\s\S]*\| 1002 \|/);
});

test("check works on mprof's own files and on every run of a multi-run file", async () => {
  const mc = await runVerb(checkVerb(join(MPROF_FIXTURES, 'pool_MC_T0.1.dat'), { maxPeak: '2GiB' }, NOT_CI));
  assert.equal(mc.code, 3);
  assert.match(mc.stdout, /peak 2\.86 GiB \(RSS, whole tree\)/);
  const multi = await runVerb(
    checkVerb(join(MPROF_FIXTURES, 'concurrent_runs_one_file.dat'), { maxPeak: '1.7MiB' }, NOT_CI),
  );
  assert.equal(multi.code, 3);
  assert.match(multi.stdout, /run 5\/6: peak 1\.8 MiB/);
  assert.match(multi.stderr, /warning: .*holds 6 runs/);
});

// Through the CLI: the rule lives in its wiring.
test('check needs a budget (exit 2)', async () => {
  const file = writeDat(tempDir(), 'pool.dat', poolRun());
  const r = await memprof(['check', file], { env: NOT_CI });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /check needs a budget/);
});
