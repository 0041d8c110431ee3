import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  existingRecordingArg,
  newestRecording,
  resolveRecordingArg,
  resolveRecordingArgs,
} from '../../../src/commands/resolve-files.js';
import { MemprofError } from '../../../src/errors.js';
import { tempDir } from '../../helpers/memprof.js';
import { writeDat } from '../../helpers/recordings.js';

function dirWithRecordings(): string {
  const dir = tempDir();
  for (const name of [
    'mprofile_20240101120000.dat',
    'mprofile_20240101120000_2.dat',
    'mprofile_20231231235959.dat',
    'other.dat',
  ]) {
    writeDat(dir, name, { command: name, rootMib: [1] });
  }
  return dir;
}

test("indexes follow list order (oldest first, mprof's rule), negative ones count from the newest", () => {
  const dir = dirWithRecordings();
  assert.equal(resolveRecordingArg('0', dir), join(dir, 'mprofile_20231231235959.dat'));
  assert.equal(resolveRecordingArg('2', dir), join(dir, 'mprofile_20240101120000_2.dat'));
  assert.equal(resolveRecordingArg('-1', dir), join(dir, 'mprofile_20240101120000_2.dat'));
  assert.equal(newestRecording(dir), join(dir, 'mprofile_20240101120000_2.dat'));
});

test('paths are themselves; no argument means the newest; duplicates are dropped', () => {
  const dir = dirWithRecordings();
  const other = join(dir, 'other.dat');
  assert.deepEqual(resolveRecordingArgs([other, '-1', other, '2'], { dir }), [
    other,
    join(dir, 'mprofile_20240101120000_2.dat'),
  ]);
  assert.deepEqual(resolveRecordingArgs([], { dir }), [join(dir, 'mprofile_20240101120000_2.dat')]);
  assert.deepEqual(resolveRecordingArgs([], { dir, whenNone: 'none' }), []);
  assert.equal(resolveRecordingArg('missing.dat', dir), 'missing.dat', 'left for the reader to report');
});

test('an index out of range, or no recording at all, is an exit-2 error', () => {
  const exit2 = (e: unknown): boolean => e instanceof MemprofError && e.exitCode === 2;
  assert.throws(
    () => resolveRecordingArg('7', dirWithRecordings()),
    (e: unknown) => exit2(e) && /index 7: there are 3/.test((e as Error).message),
  );
  assert.throws(() => newestRecording(tempDir()), exit2);
});

test('a file read later must exist now: an index resolves, a missing path is a usage error naming it', () => {
  const dir = dirWithRecordings();
  assert.equal(existingRecordingArg('-1', dir), join(dir, 'mprofile_20240101120000_2.dat'));
  assert.throws(
    () => existingRecordingArg(join(dir, 'missing.dat'), dir),
    (e: unknown) => e instanceof MemprofError && e.exitCode === 2 && /missing\.dat: no such file$/.test(e.message),
  );
});
