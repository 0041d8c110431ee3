import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { replaceFile } from '../../../src/commands/output-file.js';
import { tempDir } from '../../helpers/memprof.js';

test('replaceFile replaces a symlink itself and leaves its target as it was', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'victim'), 'precious');
  symlinkSync(join(dir, 'victim'), join(dir, 'out.svg'));
  replaceFile(join(dir, 'out.svg'), '<svg/>');
  assert.equal(readFileSync(join(dir, 'victim'), 'utf8'), 'precious');
  assert.ok(lstatSync(join(dir, 'out.svg')).isFile(), 'a regular file now');
  assert.equal(readFileSync(join(dir, 'out.svg'), 'utf8'), '<svg/>');
  assert.deepEqual(readdirSync(dir).sort(), ['out.svg', 'victim'], 'no temporary file left');
});

const REPLACE_TITLE =
  'replaceFile overwrites a regular file, and fails cleanly on a missing directory or a directory in the way';

test(REPLACE_TITLE, () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'a.svg'), 'old');
  replaceFile(join(dir, 'a.svg'), 'new');
  assert.equal(readFileSync(join(dir, 'a.svg'), 'utf8'), 'new');
  assert.throws(() => replaceFile(join(dir, 'no-such', 'a.svg'), 'x'), { code: 'ENOENT' });
  mkdirSync(join(dir, 'd.svg'));
  assert.throws(() => replaceFile(join(dir, 'd.svg'), 'x'), /EISDIR|ENOTEMPTY|EEXIST/);
  assert.deepEqual(readdirSync(dir).sort(), ['a.svg', 'd.svg'], 'no temporary file left');
});
