import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { memprof, tempDir } from '../helpers/memprof.js';
import { writeDat } from '../helpers/recordings.js';

// `run --baseline` takes what `check --baseline` takes: a path or a `memprof list` index, found before
// the command starts.
const NOT_CI = { GITHUB_STEP_SUMMARY: '', GITHUB_ACTIONS: '' };
const OLD = 'mprofile_20240101000000.dat';

test('run --baseline -1 is the newest recording before this run, not the one it writes', async () => {
  const dir = tempDir();
  writeDat(dir, OLD, { command: 'old', rootMib: [1, 1] });
  const r = await memprof(['run', '-q', '--baseline', '-1', '--max-increase', '1000000%', 'sleep', '0.3'], {
    cwd: dir,
    env: NOT_CI,
  });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`within budget: .* against the baseline's [\\d.]+ MiB \\(${OLD}\\)`));
  assert.equal(readdirSync(dir).length, 2, 'the run wrote its own recording beside the baseline');
});

test('run --baseline with a missing file exits 2 before the command starts', async () => {
  const dir = tempDir();
  const marker = join(dir, 'ran');
  const r = await memprof(['run', '--baseline', 'missing.dat', '--max-increase', '10%', 'touch', marker], {
    cwd: dir,
    env: NOT_CI,
  });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /^memprof: missing\.dat: no such file$/m);
  assert.equal(existsSync(marker), false, 'the command never ran');
  assert.deepEqual(readdirSync(dir), [], 'and no recording was started');
});
