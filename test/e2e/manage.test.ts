import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { memprof, MPROF_FIXTURES, tempDir } from '../helpers/memprof.js';
import { writeDat } from '../helpers/recordings.js';
import { runVerb } from '../helpers/in-process.js';
import type { Io } from '../../src/commands/io.js';
import { cleanCommand } from '../../src/commands/clean.js';
import { listCommand } from '../../src/commands/list.js';
import { rmCommand } from '../../src/commands/rm.js';

const rmVerb =
  (targets: string[], dryRun = false) =>
  (io: Io) =>
    rmCommand({ targets, dryRun, io });
const cleanVerb = (dryRun: boolean) => (io: Io) => cleanCommand({ dryRun, io });

// A directory with memprof's recordings (one with a collision-free _2 name), mprof's, and files that are
// not recordings.
function workspace(): string {
  const dir = tempDir();
  copyFileSync(join(MPROF_FIXTURES, 'pool_M_T0.1.dat'), join(dir, 'mprofile_20231231235959.dat'));
  writeDat(dir, 'mprofile_20240101120000.dat', { command: 'node first.js', rootMib: [1] });
  writeDat(dir, 'mprofile_20240101120000_2.dat', { command: 'node second.js', rootMib: [2] });
  copyFileSync(join(MPROF_FIXTURES, 'func_ts_T0.1.dat'), join(dir, 'mprofile_20240102080000.dat'));
  writeFileSync(join(dir, 'mprofile_20240103000000.dat'), 'my precious notes, named like a recording\n');
  mkdirSync(join(dir, 'mprofile_20240104000000.dat'));
  writeDat(dir, 'custom.dat', { command: 'node custom.js', rootMib: [3] });
  writeFileSync(join(dir, 'notes.txt'), 'hello\n');
  writeFileSync(join(dir, 'data.dat'), '1 2 3\n');
  return dir;
}

const RECORDINGS = [
  'mprofile_20231231235959.dat',
  'mprofile_20240101120000.dat',
  'mprofile_20240101120000_2.dat',
  'mprofile_20240102080000.dat',
];
const KEEP = ['custom.dat', 'data.dat', 'mprofile_20240103000000.dat', 'mprofile_20240104000000.dat', 'notes.txt'];

test('list: index, file, date and command, oldest first, including memprof _N names', async () => {
  const r = await runVerb((io) => listCommand({ io }), { cwd: workspace() });
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.match(lines[0]!, /^index +file +date +command$/);
  assert.match(
    lines[1]!,
    /^ +0 +mprofile_20231231235959\.dat +2023-12-31 23:59:59 +\/usr\/bin\/python3 \.\.\/workloads\/pool_cow\.py$/,
  );
  assert.match(lines[2]!, /^ +1 +mprofile_20240101120000\.dat +2024-01-01 12:00:00 +node first\.js$/);
  assert.match(lines[3]!, /^ +2 +mprofile_20240101120000_2\.dat +2024-01-01 12:00:00 +node second\.js$/);
  assert.match(
    lines[5]!,
    new RegExp(
      /^ +4 +mprofile_20240103000000\.dat .*\(not a recording: its first line is not a recording line; /.source +
        /rm and clean leave it alone\)$/.source,
    ),
  );
  assert.match(lines[6]!, /^ +5 +mprofile_20240104000000\.dat .*\(not a recording: a directory/);
  assert.equal(lines.length, 7);
});

test('rm by index and by path; --dry-run removes nothing', async () => {
  const dir = workspace();
  // Through the CLI: a negative index is an argument, not an option.
  const dry = await memprof(['rm', '--dry-run', '0', '-4'], { cwd: dir });
  assert.equal(dry.code, 0, dry.stderr);
  assert.equal(dry.stdout, 'would remove mprofile_20231231235959.dat\nwould remove mprofile_20240101120000_2.dat\n');
  assert.equal(readdirSync(dir).length, 9);
  const r = await runVerb(rmVerb(['2', 'custom.dat']), { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'removed mprofile_20240101120000_2.dat\nremoved custom.dat\n');
  assert.ok(!existsSync(join(dir, 'custom.dat')) && existsSync(join(dir, 'mprofile_20240101120000.dat')));
});

test('rm never deletes a file that is not a recording, and then deletes nothing at all', async () => {
  const dir = workspace();
  for (const target of ['notes.txt', 'data.dat', '4', '5', 'mprofile_20240104000000.dat', 'missing.dat']) {
    const r = await runVerb(rmVerb(['0', target]), { cwd: dir });
    assert.equal(r.code, 2, target);
    assert.match(r.stderr, /^memprof: .*: not removed: (not a recording|no such file)/, target);
  }
  assert.equal(readdirSync(dir).length, 9, 'not even the valid index 0 was removed');
  const noArgs = await runVerb(rmVerb([]), { cwd: dir });
  assert.equal(noArgs.code, 2);
  const outOfRange = await runVerb(rmVerb(['9']), { cwd: dir });
  assert.equal(outOfRange.code, 2);
  assert.match(outOfRange.stderr, /no recording with index 9/);
});

test('clean removes every recording here and leaves everything else', async () => {
  const dir = workspace();
  const dry = await runVerb(cleanVerb(true), { cwd: dir });
  assert.equal(dry.code, 0, dry.stderr);
  assert.equal(dry.stdout, RECORDINGS.map((f) => `would remove ${f}\n`).join(''));
  assert.match(dry.stderr, /leaving mprofile_20240103000000\.dat: not a recording/);
  assert.equal(readdirSync(dir).length, 9);
  const r = await runVerb(cleanVerb(false), { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(readdirSync(dir).sort(), KEEP);
  const again = await runVerb(cleanVerb(false), { cwd: dir });
  assert.equal(again.code, 0);
  assert.match(again.stderr, /no recordings to remove/);
});
