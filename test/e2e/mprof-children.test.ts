import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { memprof, MPROF_FIXTURES, tempDir } from '../helpers/memprof.js';
import { poolRun, writeDat } from '../helpers/recordings.js';
import { checkVerb, peakVerb, plotOptions, runVerb } from '../helpers/in-process.js';
import { plotCommand } from '../../src/commands/plot.js';

// mprof's own -M -C recording of `stress-ng --vm 3 --vm-bytes 300M -t 4s`: `python3-mprof peak` says 324.605 MiB;
// adding the CHLD lines to a MEM that already holds them would make it 639 MiB.
const STRESS = join(MPROF_FIXTURES, 'stressng_vm_MC_T0.1.dat');
const NOT_CI = { GITHUB_STEP_SUMMARY: '', GITHUB_ACTIONS: '' };

test("check --max-peak passes mprof's -M -C file at a budget between mprof's peak and the doubled one", async () => {
  const r = await runVerb(checkVerb(STRESS, { maxPeak: '400MiB' }, NOT_CI));
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /within budget: peak 325 MiB \(RSS, whole tree\) is under --max-peak 400 MiB/);
  assert.match(r.stdout, /note: MEM taken as including the children \(mprof -C\): inferred from the samples/);
});

test('check --mprof-children separate adds the children to MEM, and the same budget fails', async () => {
  const r = await runVerb(checkVerb(STRESS, { maxPeak: '400MiB', mprofChildren: 'separate' }, NOT_CI));
  assert.equal(r.code, 3, r.stdout + r.stderr);
  assert.match(r.stdout, /over budget: peak 639 MiB/);
  assert.match(r.stdout, /note: MEM taken as the main process alone, as --mprof-children says/);
});

test('peak --json and plot take the option; a bad value exits 2', async () => {
  const json = await runVerb(peakVerb([STRESS], { json: true, mprofChildren: 'separate' }));
  assert.equal(json.code, 0, json.stderr);
  const doc = JSON.parse(json.stdout);
  assert.deepEqual([doc.memIncludesChildren, doc.memScopeBasis], [false, 'option']);
  const out = join(tempDir(), 'x.svg');
  const plot = await runVerb((io) => plotCommand(plotOptions(io, [STRESS], { output: out })));
  assert.equal(plot.code, 0, plot.stderr);
  assert.match(plot.stderr, /peak 325 MiB.*\nmemprof: note: MEM taken as including the children/);
  // Through the CLI: main prints commander's option as the usage error it is.
  const bad = await memprof(['peak', '--mprof-children', 'maybe', STRESS]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /invalid --mprof-children 'maybe'/);
});

test('a memprof file ignores --mprof-children, with a warning, and keeps its total', async () => {
  const file = writeDat(tempDir(), 'pool.dat', poolRun());
  const r = await runVerb(checkVerb(file, { maxPeak: '500MiB', mprofChildren: 'included' }, NOT_CI));
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /peak 460 MiB/);
  assert.match(
    r.stderr,
    /warning: .*pool\.dat: --mprof-children included ignored: this memprof recording's header says its MEM holds/,
  );
});
