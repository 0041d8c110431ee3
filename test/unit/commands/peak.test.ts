import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MPROF_FIXTURES, tempDir } from '../../helpers/memprof.js';
import { poolRun, writeDat } from '../../helpers/recordings.js';
import { peakVerb, runVerb } from '../../helpers/in-process.js';
import { MiB } from '../../../src/units.js';
import { tool } from '../../helpers/accuracy.js';

/** The largest MEM value of a file, read independently of memprof's reader. */
function maxMemMiB(file: string): number {
  return Math.max(
    ...readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('MEM '))
      .map((l) => Number(l.split(' ')[1])),
  );
}

test('peak --json: one parseable document per run whose peak matches the file', async () => {
  const file = join(MPROF_FIXTURES, 'func_ts_T0.1.dat');
  const r = await runVerb(peakVerb([file, join(MPROF_FIXTURES, 'concurrent_runs_one_file.dat')], { json: true }));
  assert.equal(r.code, 0, r.stderr);
  const docs = r.stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line));
  assert.equal(docs.length, 1 + 6);
  const doc = docs[0];
  assert.equal(doc.file, file);
  assert.equal(doc.command, '/usr/bin/python3 ../workloads/func_ts.py');
  assert.equal(doc.metric, 'rss');
  assert.ok(Math.abs(doc.peakTotalBytes / MiB - maxMemMiB(file)) < 1e-6);
  assert.equal(typeof doc.durationSeconds, 'number');
  assert.equal(typeof doc.peakTotalAtSeconds, 'number');
  assert.deepEqual(Object.keys(doc.processes[0]).slice(0, 3), ['pid', 'ppid', 'command']);
});

test('peak --json on a memprof recording: processes with pid, ppid, command, peak, start and end', async () => {
  const file = writeDat(tempDir(), 'pool.dat', poolRun());
  const r = await runVerb(peakVerb([file], { json: true }));
  const doc = JSON.parse(r.stdout);
  assert.equal(doc.peakTotalBytes, 460 * MiB);
  assert.deepEqual(
    doc.processes.map((p: { pid: number; peakBytes: number }) => [p.pid, p.peakBytes / MiB]),
    [
      [1000, 40],
      [1001, 120],
      [1002, 300],
    ],
  );
  assert.equal(doc.processes[2].startSeconds, 0.1);
  assert.equal(doc.processes[2].endSeconds, 0.4);
});

test("peak text: mprof's first line, then each process with pid, command, peak and when", async () => {
  const r = await runVerb(peakVerb([join(MPROF_FIXTURES, 'pool_M_T0.1.dat')]));
  assert.equal(r.code, 0);
  assert.match(r.stdout, /pool_M_T0\.1\.dat\t\d+\.\d{3} MiB\tpeak total \(RSS, whole tree\)/);
  assert.match(r.stdout, /\n +11161 +- +623 MiB +\d+\.\d\d s/);
});

test("peak agrees with python3-mprof's peak for a file without children", {
  skip: tool('python3-mprof') === null,
}, async () => {
  const dir = tempDir();
  copyFileSync(join(MPROF_FIXTURES, 'func_ts_T0.1.dat'), join(dir, 'f.dat'));
  const theirs = spawnSync('python3-mprof', ['peak', 'f.dat'], { cwd: dir, encoding: 'utf8' }).stdout;
  const ours = (await runVerb(peakVerb(['f.dat']), { cwd: dir })).stdout;
  assert.equal(ours.split('\t').slice(0, 2).join('\t'), theirs.trimEnd());
});

test('peak with no file takes the newest recording here; a number picks from list order', async () => {
  const dir = tempDir();
  writeDat(dir, 'mprofile_20240101120000.dat', { command: 'older', rootMib: [1] });
  writeDat(dir, 'mprofile_20240101120000_2.dat', { command: 'newer', rootMib: [2] });
  const newest = await runVerb(peakVerb([]), { cwd: dir });
  assert.equal(newest.code, 0);
  assert.match(newest.stdout, /^mprofile_20240101120000_2\.dat\t2\.000 MiB.*: newer\n/);
  assert.match(newest.stderr, /using the newest recording/);
  const first = await runVerb(peakVerb(['0']), { cwd: dir });
  assert.match(first.stdout, /^mprofile_20240101120000\.dat\t1\.000 MiB/);
  const none = await runVerb(peakVerb([]), { cwd: tempDir() });
  assert.equal(none.code, 2);
  assert.match(none.stderr, /no recording \(mprofile_\*\.dat\) in \./);
});

test("peak counts mprof's vanished `CHLD pid 0.000000` processes instead of listing them", async () => {
  const r = await runVerb(peakVerb([join(MPROF_FIXTURES, 'churn_M_T0.01.dat')]));
  assert.equal(r.code, 0);
  assert.match(r.stdout, /\((\d+) more processes were only ever seen at 0 bytes/);
  assert.doesNotMatch(r.stdout, / 0 B /);
});
