import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeDat } from '../../src/format/decode.js';
import { readTreeReport } from '../helpers/dat.js';
import {
  atNormalPriority,
  atRealtimePriority,
  BIN,
  envWithoutCoverage,
  inRealtimeTurn,
  tempDir,
} from '../helpers/memprof.js';
import { treeCommand } from '../helpers/tree.js';

/**
 * memprof under a file-size limit (`ulimit -f` blocks, 512 bytes in dash): its writes fail part way, with
 * EFBIG. 24 blocks fill only once the sampling thread has the session; 2 blocks within the first ticks,
 * on the main thread.
 */
async function runWithFileLimit(exitCode: number, blocks = 24) {
  const dir = tempDir();
  const command = atNormalPriority(treeCommand({ name: 'root', alloc: 5, hold: 800, exit: exitCode }));
  const argv = [process.execPath, BIN, 'run', '-M', '-T', '2ms', '-o', 'out.dat', ...command];
  const shell = `ulimit -f ${blocks}; exec ${argv.map((a) => `'${a}'`).join(' ')}`;
  // At a real-time priority (where the tests may), memprof's ticks and its thread's start are its own, not
  // the machine's load: which thread the write fails on is then decided by the file's size alone.
  const [program, ...args] = atRealtimePriority(['sh', '-c', shell]);
  const run = await inRealtimeTurn(async () =>
    spawnSync(program!, args, {
      cwd: dir,
      encoding: 'utf8',
      env: envWithoutCoverage({ TREE_REPORT: join(dir, 'report.jsonl'), MEMPROF_SAMPLING_THREAD_AFTER: '50' }),
    }),
  );
  return { result: { code: run.status, stderr: run.stderr }, dir };
}

test('a recording that cannot be written: one line, the command goes on, whole lines kept, exit 1', async () => {
  const { result, dir } = await runWithFileLimit(0);
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stderr, /^memprof: cannot write out\.dat \(EFBIG\); recording stopped, the command goes on$/m);
  assert.match(result.stderr, /\(incomplete recording\) -> out\.dat/);
  assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
  assert.ok(
    readTreeReport(join(dir, 'report.jsonl')).some((e) => e.exiting),
    'the command ran to its end',
  );
  const text = readFileSync(join(dir, 'out.dat'), 'utf8');
  assert.ok(text.endsWith('\n'), 'cut back to the last whole line');
  const [rec] = decodeDat(text);
  assert.deepEqual(rec!.warnings, []);
  assert.equal(rec!.done, null);
  assert.ok(rec!.mem.t.length > 10);
  assert.ok(rec!.mem.t.at(-1)! - rec!.mem.t[0]! > 0.1, 'the write failed once the thread had taken over');
});

const FIRST_TICKS_TITLE =
  'a recording that cannot be written in its first ticks, on the main thread: the same line, whole lines, exit 1';

test(FIRST_TICKS_TITLE, async () => {
  const { result, dir } = await runWithFileLimit(0, 2);
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stderr, /^memprof: cannot write out\.dat \(EFBIG\); recording stopped, the command goes on$/m);
  assert.match(result.stderr, /\(incomplete recording\) -> out\.dat/);
  const text = readFileSync(join(dir, 'out.dat'), 'utf8');
  assert.ok(text.endsWith('\n'), 'cut back to the last whole line');
  const [rec] = decodeDat(text);
  assert.deepEqual(rec!.warnings, []);
  // The thread starts 50 ms in and needs longer than that again to load, so a failure on it could not
  // come before 0.1 s; 2 blocks fill in the main thread's first ticks, and the rest is room for a loaded machine.
  const span = rec!.mem.t.at(-1)! - rec!.mem.t[0]!;
  assert.ok(span < 0.1, `the write failed before the thread took over (last sample at ${(span * 1000).toFixed(0)} ms)`);
});

test("a recording that cannot be written: the command's own failure code still wins", async () => {
  const { result } = await runWithFileLimit(5);
  assert.equal(result.code, 5, result.stderr);
});

/**
 * `memprof run -o <file> sh -c <script>` started by `sh -c '<setup>; exec memprof ...'`, so that the
 * shell's limits apply to memprof; `interrupt`: memprof is sent SIGINT once the script printed `ready`.
 */
function runUnwritable(setup: string, file: string, script: string, interrupt = false): Promise<Unwritable> {
  const argv = [process.execPath, BIN, 'run', '-o', file, 'sh', '-c', script];
  const shell = `${setup}; exec ${argv.map((a) => `'${a}'`).join(' ')}`;
  const child = spawn('sh', ['-c', shell], { stdio: ['ignore', 'pipe', 'pipe'], env: envWithoutCoverage() });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    if (interrupt && stdout === 'ready\n') child.kill('SIGINT');
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    }),
  );
}

interface Unwritable {
  code: number | null;
  stderr: string;
}

/** A command that exits 42 on SIGINT and says when its trap is set; 9 if no SIGINT came in about 10 s. */
const INTERRUPTIBLE =
  'trap "exit 42" INT; echo ready; i=0; ' + 'while [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done; exit 9';

/** A tmpfs of one page, already full: the header is the first write, and it fails with ENOSPC. */
function fullDisk(): { dir: string; unmount: () => void } | string {
  if (process.getuid?.() !== 0) return 'mounting a tmpfs needs root';
  const dir = tempDir('memprof-full-');
  const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4k', 'tmpfs', dir], { encoding: 'utf8' });
  if (mount.status !== 0) return `mount -t tmpfs is not allowed here: ${(mount.stderr || String(mount.error)).trim()}`;
  writeFileSync(join(dir, 'filler'), Buffer.alloc(4096));
  return {
    dir,
    unmount: () => {
      spawnSync('umount', [dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** All that memprof says when its first write fails. */
const firstWriteLine = (file: string, code: string): string =>
  `memprof: cannot write ${file} (${code}); nothing recorded (the file is removed), the command goes on\n`;

test('the first write fails (file-size limit): one line, the command runs on, its status, no file left', async () => {
  const dir = tempDir();
  const failing = await runUnwritable(`cd '${dir}'; ulimit -f 0`, 'three.dat', 'sleep 0.3; exit 3');
  assert.equal(failing.code, 3, failing.stderr);
  assert.equal(failing.stderr, firstWriteLine('three.dat', 'EFBIG'));
  const succeeding = await runUnwritable(`cd '${dir}'; ulimit -f 0`, 'zero.dat', 'sleep 0.1');
  assert.equal(succeeding.code, 1, 'memprof failed to record: 1 when the command succeeded');
  assert.equal(succeeding.stderr, firstWriteLine('zero.dat', 'EFBIG'));
  assert.deepEqual(readdirSync(dir), [], 'no empty file left behind');
});

test('the first write fails (file-size limit): Ctrl-C still reaches the command, whose status is kept', async () => {
  const dir = tempDir();
  const run = await runUnwritable(`cd '${dir}'; ulimit -f 0`, 'out.dat', INTERRUPTIBLE, true);
  assert.equal(run.code, 42, run.stderr);
  assert.equal(run.stderr, firstWriteLine('out.dat', 'EFBIG'));
  assert.deepEqual(readdirSync(dir), []);
});

test('the first write fails (disk full): the same, with ENOSPC', async (t) => {
  const disk = fullDisk();
  if (typeof disk === 'string') {
    t.skip(disk);
    return;
  }
  try {
    const file = join(disk.dir, 'out.dat');
    const exited = await runUnwritable('true', file, 'sleep 0.2; exit 3');
    assert.equal(exited.code, 3, exited.stderr);
    assert.equal(exited.stderr, firstWriteLine(file, 'ENOSPC'));
    const interrupted = await runUnwritable('true', file, INTERRUPTIBLE, true);
    assert.equal(interrupted.code, 42, interrupted.stderr);
    assert.equal(interrupted.stderr, firstWriteLine(file, 'ENOSPC'));
    assert.deepEqual(readdirSync(disk.dir), ['filler'], 'no empty file left behind');
  } finally {
    disk.unmount();
  }
});
