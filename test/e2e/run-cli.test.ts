import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readOneRun } from '../helpers/dat.js';
import { BIN, memprof, MPROF_FIXTURES, tempDir } from '../helpers/memprof.js';

/** A script that prints its arguments as JSON. */
function argsScript(dir: string): string {
  const path = join(dir, 'args.cjs');
  writeFileSync(path, 'console.log(JSON.stringify(process.argv.slice(2)))\n');
  return path;
}

test('options after the command belong to the command, with or without --', async () => {
  const dir = tempDir();
  const script = argsScript(dir);
  const plain = await memprof(['run', '-q', '-o', 'a.dat', process.execPath, script, '--port', '3000', '-M'], {
    cwd: dir,
  });
  assert.equal(plain.code, 0, plain.stderr);
  assert.deepEqual(JSON.parse(plain.stdout), ['--port', '3000', '-M']);
  assert.equal(readOneRun(join(dir, 'a.dat')).header?.perProcess, false, "-M after the command is not memprof's");
  const dashed = await memprof(['run', '-M', '-E', '-q', '-o', 'b.dat', '--', process.execPath, script, '-T', '5'], {
    cwd: dir,
  });
  assert.equal(dashed.code, 0, dashed.stderr);
  assert.deepEqual(JSON.parse(dashed.stdout), ['-T', '5']);
  assert.equal(readOneRun(join(dir, 'b.dat')).header?.perProcess, true);
});

test('runs started in the same second never share a file, and an existing file is never overwritten', async () => {
  const dir = tempDir();
  const sleep = ['sleep', '0.3'];
  const runs = await Promise.all([0, 1, 2].map(() => memprof(['run', '-q', ...sleep], { cwd: dir })));
  for (const r of runs) assert.equal(r.code, 0, r.stderr);
  const files = readdirSync(dir).filter((f) => f.endsWith('.dat'));
  assert.equal(files.length, 3, files.join(' '));
  for (const f of files) {
    assert.match(f, /^mprofile_\d{14}(_\d+)?\.dat$/);
    // One run from its first sample to its DONE line (how many samples fit in 300 ms depends on the load).
    const run = readOneRun(join(dir, f));
    assert.ok(run.mem.t.length > 0 && run.done !== null, `${f} holds one whole run`);
  }
  writeFileSync(join(dir, 'taken.dat'), 'precious\n');
  const taken = await memprof(['run', '-o', 'taken.dat', ...sleep], { cwd: dir });
  assert.equal(taken.code, 2);
  assert.match(taken.stderr, /taken\.dat already exists/);
});

test('usage errors: exit 2, one line and a hint, never a stack trace', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['run'], /missing required argument 'command'/],
    [['run', '--bogus', 'x'], /unknown option '--bogus'/],
    [['run', '-T', 'fast', 'true'], /invalid interval 'fast'/],
    [['run', '-T', '0', 'true'], /interval must be greater than zero/],
    // Node's timers overflow past 24 days and would fire at once: the command would be ended at start.
    [['run', '--timeout', '3000000', 'true'], /timeout must be at most 2147483 s \(24 days\)/],
    [['attach', '--timeout', '40d', '1'], /invalid timeout '40d'/],
    [['run', '--metric', 'vss', 'true'], /argument 'vss' is invalid/],
    [['run', '--max-peak', '-5MiB', 'true'], /invalid size|unknown option/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['run', '--backend', 'tracemalloc', 'true'], /--backend tracemalloc measures a Python heap/],
    [
      ['run', '--backend', 'memray', 'true'],
      /^memprof: unknown --backend 'memray'\nhint: use one of psutil, posix, psutil_pss, psutil_uss$/m,
    ],
    [
      ['run', '-o', '/no-such-dir-memprof/x.dat', 'true'],
      /^memprof: cannot create \/no-such-dir-memprof\/x\.dat: its directory does not exist$/m,
    ],
    [['run', '-o', '/tmp', 'true'], /^memprof: \/tmp is a directory\nhint: give a file name: -o \/tmp\/run\.dat$/m],
    // A terminal chart: the output is written as an SVG would be, by a memprof that loads no vega.
    [
      ['plot', '-o', '/no-such-dir-memprof/x.txt', join(MPROF_FIXTURES, 'grandchild_M.dat')],
      /cannot write \/no-such-dir-memprof\/x\.txt: its directory does not exist/,
    ],
    [
      ['run', '--metric', 'rss', '--backend', 'psutil_uss', 'true'],
      /--metric rss and --backend psutil_uss \(uss\) disagree/,
    ],
  ];
  for (const [args, pattern] of cases) {
    const r = await memprof(args, { cwd: tempDir() });
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, pattern, args.join(' '));
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
});

test('no verb prints the overview on stderr and exits 2; --help and `help` print it on stdout and exit 0', async () => {
  const bare = await memprof([], { cwd: tempDir() });
  assert.equal(bare.code, 2);
  assert.equal(bare.stdout, '');
  assert.match(bare.stderr, /^Usage: memprof \[options\] \[command\]/);
  for (const args of [['--help'], ['help'], ['help', 'run']]) {
    const asked = await memprof(args, { cwd: tempDir() });
    assert.equal(asked.code, 0, args.join(' '));
    assert.match(asked.stdout, /^Usage: memprof /, args.join(' '));
  }
});

test('a reader that closes the pipe early (`| head -c 1`) gets no stack trace, and memprof exits 0', () => {
  // Output larger than a pipe's 64 KiB, so memprof is still writing when head exits: EPIPE every time.
  const dir = tempDir();
  const files = ['a', 'b', 'c'].map((n) => join(dir, `${n}.dat`));
  for (const f of files) copyFileSync(join(MPROF_FIXTURES, 'churn_M_T0.01.dat'), f);
  const r = spawnSync(
    'bash',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: bash's own ${@:2}, not a template
    ['-c', 'set -o pipefail; "$0" "$1" peak "${@:2}" | head -c 1 >/dev/null', process.execPath, BIN, ...files],
    { encoding: 'utf8' },
  );
  assert.equal(r.stderr, '');
  assert.equal(r.status, 0);
});

test("mprof's run flags: --backend names the metric, -t is --timeout", async () => {
  const dir = tempDir();
  // One run for both flags: neither depends on the other.
  const args = ['run', '--backend', 'psutil_pss', '-t', '0.3', '-q', '-o', join(dir, 'p.dat'), 'sleep', '5'];
  const r = await memprof(args);
  assert.equal(r.code, 124, r.stderr);
  assert.equal(readOneRun(join(dir, 'p.dat')).header?.metric, 'pss');
});

test('run --help lists every exit status run can give, and offers no --backend it refuses', async () => {
  const r = await memprof(['run', '--help']);
  assert.equal(r.code, 0, r.stderr);
  const help = r.stdout.replace(/\s+/g, ' ');
  for (const code of ['128+N', '127', '126', '124', '3 when a budget', '1 when the recording', '2 for a usage error']) {
    assert.ok(help.includes(code), `--help names exit ${code}`);
  }
  assert.doesNotMatch(help, /tracemalloc/);
});

test('run makes no Node stream of a standard output: a file stays untouched, a pipe the command shares blocking', () => {
  // Node makes process.stdout and stderr on first use, a millisecond or two of a short run's start: a
  // preload reports every read of them (on fd 3) before memprof's own handlers wrap the getters. A pipe's
  // stream would set O_NONBLOCK on the open file the command shares (EAGAIN for its large writes): the
  // command reads its own fd 2's flags after memprof's start.
  const dir = tempDir();
  const trap = join(dir, 'trap.cjs');
  writeFileSync(
    trap,
    "for (const name of ['stdout', 'stderr']) {\n" +
      '  const own = Object.getOwnPropertyDescriptor(process, name);\n' +
      '  Object.defineProperty(process, name, { configurable: true, enumerable: true, get() {\n' +
      "    require('node:fs').writeSync(3, name + '\\n');\n" +
      '    return own.get.call(process);\n' +
      '  } });\n' +
      '}\n',
  );
  const flags = join(dir, 'flags.txt');
  const command = ['sh', '-c', `sleep 0.2; grep flags /proc/self/fdinfo/2 > ${flags}`];
  const reads = (args: string[], toFiles: boolean): { status: number | null; read: string[]; stderr: string } => {
    const err = join(dir, 'err.txt');
    const files: Array<number | 'pipe'> = toFiles
      ? [openSync(join(dir, 'out.txt'), 'w'), openSync(err, 'w')]
      : ['pipe', 'pipe'];
    const r = spawnSync(process.execPath, ['--require', trap, BIN, ...args, '--', ...command], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', files[0]!, files[1]!, 'pipe'],
    });
    for (const f of files) if (typeof f === 'number') closeSync(f);
    const stderr = toFiles ? readFileSync(err, 'utf8') : r.stderr;
    return { status: r.status, read: [...new Set((r.output[3] ?? '').split('\n').filter(Boolean))], stderr };
  };
  const nonBlocking = (): boolean => (parseInt(readFileSync(flags, 'utf8').split(/\s+/)[1]!, 8) & 0o4000) !== 0;
  const quiet = reads(['run', '-q', '-o', 'q.dat'], true);
  assert.equal(quiet.status, 0, quiet.stderr);
  assert.deepEqual(quiet.read, [], 'run -q made a standard stream');
  const loud = reads(['run', '-o', 'l.dat'], true);
  assert.equal(loud.status, 0, loud.stderr);
  assert.deepEqual(loud.read, [], 'run made a stream to write its summary');
  assert.match(loud.stderr, /^memprof: .* -> l\.dat$/m);
  for (const quietly of [true, false]) {
    const piped = reads(['run', ...(quietly ? ['-q'] : []), '-o', `p${quietly}.dat`], false);
    assert.equal(piped.status, 0, piped.stderr);
    assert.equal(nonBlocking(), false, "the command's stderr was made non-blocking");
    if (!quietly) assert.match(piped.stderr, new RegExp(`^memprof: .* -> p${quietly}\\.dat$`, 'm'));
  }
});

test('a stderr nobody reads (EPIPE) never ends a run: the command runs out and the recording is whole', async () => {
  const dir = tempDir();
  const child = spawn(process.execPath, [BIN, 'run', '-o', 'e.dat', '--', 'sleep', '0.3'], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr.destroy(); // the read end closes: every write memprof makes to its stderr fails with EPIPE
  const code = await new Promise((resolve) => child.once('exit', resolve));
  assert.equal(code, 0);
  const run = readOneRun(join(dir, 'e.dat'));
  assert.ok(run.mem.t.length > 5, `${run.mem.t.length} samples`);
  assert.equal(run.done?.exitCode, 0, 'the run closed cleanly');
});
