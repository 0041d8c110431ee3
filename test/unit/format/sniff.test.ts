import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sniffRecording } from '../../../src/format/sniff.js';
import { MPROF_FIXTURES, tempDir } from '../../helpers/memprof.js';
import { fakeDat, poolRun } from '../../helpers/recordings.js';

test('recordings of both tools are recognised, with their command line', () => {
  assert.deepEqual(sniffRecording(join(MPROF_FIXTURES, 'pool_M_T0.1.dat')), {
    isRecording: true,
    command: '/usr/bin/python3 ../workloads/pool_cow.py',
    reason: null,
  });
  assert.equal(sniffRecording(join(MPROF_FIXTURES, 'func_ts_T0.1.dat')).isRecording, true, 'FUNC lines may come first');
  const dir = tempDir();
  writeFileSync(join(dir, 'any-name.txt'), fakeDat(poolRun()));
  assert.equal(sniffRecording(join(dir, 'any-name.txt')).command, 'node pool.js');
});

test('anything else is not a recording, and says why', () => {
  const dir = tempDir();
  const cases: Array<[string, string | Buffer, RegExp]> = [
    ['notes.txt', 'hello world\n', /first line/],
    ['mprofile_20240101120000.dat', 'my precious notes\nMEM 1 2\n', /first line/],
    ['bin.dat', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]), /binary/],
    ['empty.dat', '', /empty/],
    ['mem-looking.dat', 'MEM lots of memory\n', /first line/],
  ];
  for (const [name, content, why] of cases) {
    writeFileSync(join(dir, name), content);
    const s = sniffRecording(join(dir, name));
    assert.equal(s.isRecording, false, name);
    assert.match(s.reason!, why, name);
  }
  mkdirSync(join(dir, 'mprofile_20240101120001.dat'));
  assert.match(sniffRecording(join(dir, 'mprofile_20240101120001.dat')).reason!, /directory/);
  symlinkSync(join(MPROF_FIXTURES, 'pool_M_T0.1.dat'), join(dir, 'link.dat'));
  assert.match(sniffRecording(join(dir, 'link.dat')).reason!, /symbolic link/);
  assert.match(sniffRecording(join(dir, 'missing.dat')).reason!, /no such file/);
});

test('an empty file counts as a recording only under a recording name (a run killed at once)', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'mprofile_20240101120000_2.dat'), '');
  assert.deepEqual(sniffRecording(join(dir, 'mprofile_20240101120000_2.dat')), {
    isRecording: true,
    command: null,
    reason: 'empty',
  });
});
