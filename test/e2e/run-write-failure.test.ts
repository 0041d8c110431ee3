import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeDat } from '../../src/format/decode.js';
import { readTreeReport } from '../helpers/dat.js';
import { BIN, tempDir } from '../helpers/memprof.js';
import { TREE_FIXTURE } from '../helpers/tree.js';

/**
 * memprof under a file-size limit (`ulimit -f` blocks, 512 bytes in dash): its writes fail part way, with
 * EFBIG. 8 blocks are full after about 0.15 s, once the sampling thread has the session; 2 blocks within
 * the first ticks, on the main thread.
 */
function runWithFileLimit(exitCode: number, blocks = 8) {
  const dir = tempDir();
  const spec = JSON.stringify({ name: 'root', alloc: 5, hold: 800, exit: exitCode });
  const argv = [process.execPath, BIN, 'run', '-M', '-T', '2ms', '-o', 'out.dat', process.execPath, TREE_FIXTURE, spec];
  const shell = `ulimit -f ${blocks}; exec ${argv.map((a) => `'${a}'`).join(' ')}`;
  const run = spawnSync('sh', ['-c', shell], { cwd: dir, encoding: 'utf8', env: { ...process.env, TREE_REPORT: join(dir, 'report.jsonl') } });
  return { result: { code: run.status, stderr: run.stderr }, dir };
}

test('a recording that cannot be written: one line, the command goes on, whole lines kept, exit 1', () => {
  const { result, dir } = runWithFileLimit(0);
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stderr, /^memprof: cannot write out\.dat \(EFBIG\); recording stopped, the command goes on$/m);
  assert.match(result.stderr, /\(incomplete recording\) -> out\.dat/);
  assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
  assert.ok(readTreeReport(join(dir, 'report.jsonl')).some((e) => e.exiting), 'the command ran to its end');
  const text = readFileSync(join(dir, 'out.dat'), 'utf8');
  assert.ok(text.endsWith('\n'), 'cut back to the last whole line');
  const [rec] = decodeDat(text);
  assert.deepEqual(rec!.warnings, []);
  assert.equal(rec!.done, null);
  assert.ok(rec!.mem.t.length > 10);
  assert.ok(rec!.mem.t.at(-1)! - rec!.mem.t[0]! > 0.1, 'the write failed once the thread had taken over');
});

test('a recording that cannot be written in its first ticks, on the main thread: the same line, whole lines, exit 1', () => {
  const { result, dir } = runWithFileLimit(0, 2);
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stderr, /^memprof: cannot write out\.dat \(EFBIG\); recording stopped, the command goes on$/m);
  assert.match(result.stderr, /\(incomplete recording\) -> out\.dat/);
  const text = readFileSync(join(dir, 'out.dat'), 'utf8');
  assert.ok(text.endsWith('\n'), 'cut back to the last whole line');
  const [rec] = decodeDat(text);
  assert.deepEqual(rec!.warnings, []);
  // The thread starts 50 ms in and takes over 60-80 ms after that, so a failure on it could not come
  // before 0.11 s; the main thread's ~10 ticks take 20 ms, and the rest is room for a loaded machine.
  const span = rec!.mem.t.at(-1)! - rec!.mem.t[0]!;
  assert.ok(span < 0.1, `the write failed before the thread took over (last sample at ${(span * 1000).toFixed(0)} ms)`);
});

test('a recording that cannot be written: the command\'s own failure code still wins', () => {
  const { result } = runWithFileLimit(5);
  assert.equal(result.code, 5, result.stderr);
});
