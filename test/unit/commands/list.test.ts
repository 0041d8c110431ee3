import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { summarizeFile } from '../../../src/analysis/summary.js';
import { listEntries } from '../../../src/commands/list.js';
import { MPROF_FIXTURES, tempDir } from '../../helpers/memprof.js';
import { fakeDat, poolRun } from '../../helpers/recordings.js';

test("list's command of each recording is the one peak reads from the whole file", () => {
  const dir = tempDir();
  const sources = readdirSync(MPROF_FIXTURES)
    .filter((f) => f.endsWith('.dat'))
    .map((f) => join(MPROF_FIXTURES, f));
  // Names in mprof's order: the index is the position among them.
  for (const [i, source] of sources.entries()) {
    copyFileSync(source, join(dir, `mprofile_20240101${String(i).padStart(6, '0')}.dat`));
  }
  const own = 'mprofile_20240102000000.dat';
  writeFileSync(join(dir, own), fakeDat(poolRun({ command: "node 'pool a.js'" })));
  const entries = listEntries(dir);
  assert.equal(entries.length, sources.length + 1);
  for (const e of entries) {
    assert.ok(e.isRecording, e.file);
    assert.notEqual(e.command, null, e.file);
    assert.equal(e.command, summarizeFile(e.file)[0]!.command, e.file);
  }
  assert.equal(entries.at(-1)!.command, "node 'pool a.js'");
});
