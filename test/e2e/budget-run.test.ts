import { test } from 'node:test';
import { peakVerb, runVerb } from '../helpers/in-process.js';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, memprof, tempDir } from '../helpers/memprof.js';
import { runTree } from '../helpers/tree.js';
import { MiB } from '../../src/units.js';

// `memprof run` with budgets, on a fixture that allocates and touches 200 MiB (test/fixtures/alloc.js).
const ALLOC = join(FIXTURES, 'alloc.js');
const NOT_CI = { GITHUB_STEP_SUMMARY: '', GITHUB_ACTIONS: '' };

function maxMemBytes(file: string): number {
  const mib = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('MEM '))
    .map((l) => Number(l.split(' ')[1]));
  return Math.max(...mib) * MiB;
}

/** `memprof run <flags> -o out.dat -- node alloc.js 200 300 0` in a fresh directory, and that directory. */
async function alloc200(flags: string[], envIn: (dir: string) => NodeJS.ProcessEnv) {
  const dir = tempDir();
  const env = envIn(dir);
  const result = await memprof(['run', '-o', 'out.dat', ...flags, '--', process.execPath, ALLOC, '200', '300', '0'], {
    cwd: dir,
    env,
  });
  return { dir, result };
}

// Two runs, each read by two tests: one over budget under GitHub Actions (its verdict on stderr is the one
// printed anywhere, its job summary and ::error:: line besides), and one within budget, read by peak --json.
const SUMMARY = 'step-summary.md';
let overInActions: ReturnType<typeof alloc200> | undefined;
const overBudgetInActions = () =>
  (overInActions ??= alloc200(['--max-peak', '100MiB'], (dir) => ({
    GITHUB_STEP_SUMMARY: join(dir, SUMMARY),
    GITHUB_ACTIONS: 'true',
  })));
let within: ReturnType<typeof alloc200> | undefined;
const withinBudget = () => (within ??= alloc200(['--max-peak', '1GiB'], () => NOT_CI));

test('run --max-peak 100MiB on a 200 MiB command exits 3 and names the process', async () => {
  const { result: r } = await overBudgetInActions();
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, /over budget: peak \d+ MiB \(RSS, [^)]*\) at [\d.]+ s is over --max-peak 100 MiB by \d+ MiB/);
  assert.match(r.stderr, /at the peak pid \d+ \(.*alloc\.js 200 300 0\) held the most/);
});

test('run --max-peak 1GiB on the same command exits 0', async () => {
  const { result: r } = await withinBudget();
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /within budget: peak \d+ MiB/);
});

test("the command's own failure code wins over the budget, and the verdict is still printed", async () => {
  const dir = tempDir();
  const r = await memprof(
    ['run', '-o', 'out.dat', '--max-peak', '100MiB', '--', process.execPath, ALLOC, '200', '300', '7'],
    { cwd: dir, env: NOT_CI },
  );
  assert.equal(r.code, 7, r.stderr);
  assert.match(r.stderr, /over budget: peak/);
  assert.match(r.stderr, /the command itself failed \(exit 7\)/);
});

test('with -M, --max-process-peak names the child that went over, not its parent', async () => {
  const dir = tempDir();
  const parent =
    `require('child_process').spawnSync(process.execPath, [${JSON.stringify(ALLOC)}, '200', '400', '0'], ` +
    "{ stdio: 'inherit' })";
  const r = await memprof(
    ['run', '-M', '-o', 'out.dat', '--max-process-peak', '150MiB', '--', process.execPath, '-e', parent],
    { cwd: dir, env: NOT_CI },
  );
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, /over budget: pid \d+ \(.*alloc\.js 200 400 0\) peaked at \d+ MiB RSS/);
});

test('peak --json of the recording parses and its peak matches the file', async () => {
  const { dir, result: run } = await withinBudget();
  assert.equal(run.code, 0, run.stderr);
  const r = await runVerb(peakVerb(['out.dat'], { json: true }), { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  assert.equal(doc.peakTotalBytes, Math.round(maxMemBytes(join(dir, 'out.dat'))), 'the reader rounds to whole bytes');
  assert.ok(doc.peakTotalBytes >= 200 * MiB, String(doc.peakTotalBytes));
  assert.match(doc.command, /alloc\.js 200 300 0/);
  assert.equal(doc.processes[0].pid > 0, true);
  assert.equal(doc.exitCode, 0);
});

test('under GitHub Actions run appends a table to the job summary and prints ::error::', async () => {
  const { dir, result: r } = await overBudgetInActions();
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stdout, /^::error title=memprof budget::over budget: peak/m);
  const md = readFileSync(join(dir, SUMMARY), 'utf8');
  assert.match(md, /\| pid \| command \| peak \| at \| at the total peak \|/);
  assert.match(md, /alloc\.js 200 300 0/);
  assert.match(md, /❌ over budget/);
});

test('run --summary writes the Markdown summary even without a budget', async () => {
  const dir = tempDir();
  const r = await memprof(
    ['run', '-o', 'out.dat', '--summary', 'sum.md', '--', process.execPath, ALLOC, '20', '100', '0'],
    { cwd: dir, env: NOT_CI },
  );
  assert.equal(r.code, 0, r.stderr);
  assert.match(readFileSync(join(dir, 'sum.md'), 'utf8'), /^### memprof: `.*alloc\.js 20 100 0`[\s\S]*\| pid \|/);
});

const WHOLE_TREE_TITLE =
  'a budget without -M or -C judges the whole tree: a child over it fails the run, ' +
  'and the verdict says what was judged';

test(WHOLE_TREE_TITLE, async () => {
  // The root holds 10 MiB beside a child that holds 120: a budget of the main process alone would pass.
  const spec = { name: 'root', alloc: 10, hold: 700, children: [{ name: 'child', alloc: 120, hold: 600 }] };
  const run = await runTree(spec, ['--max-peak', '100MiB'], { env: NOT_CI });
  assert.equal(run.result.code, 3, run.result.stderr);
  assert.match(run.result.stderr, /^memprof: a budget judges the whole tree: every process is recorded, as with -M$/m);
  assert.match(run.result.stderr, /over budget: peak \d+ MiB \(RSS, whole tree\)/);
  const child = run.events().find((e) => e.name === 'child' && e.allocated !== undefined)!;
  assert.ok(
    run.recording().processes.some((p) => p.pid === child.pid && p.samples.v.length > 0),
    'the child is in the file',
  );
  const process = await runTree(spec, ['--max-process-peak', '100MiB'], { env: NOT_CI });
  assert.equal(process.result.code, 3, process.result.stderr);
  assert.match(
    process.result.stderr,
    new RegExp(`pid ${process.events().find((e) => e.name === 'child')!.pid} .* over --max-process-peak`),
  );
});

const QUICK_TITLE =
  'a command that ends before its first tick is judged on what was read, and never fails a budget with exit 2';

test(QUICK_TITLE, async () => {
  const dir = tempDir();
  for (let i = 0; i < 5; i++) {
    const r = await memprof(['run', '-o', `t${i}.dat`, '--max-peak', '1GiB', '--', 'true'], { cwd: dir, env: NOT_CI });
    assert.equal(r.code, 0, r.stderr);
    // Read at spawn (an exiting `true` still shows a few pages); or, unread, judged on its cgroup's kernel
    // peak where it had one, or not at all: each is said, none fails.
    assert.match(
      r.stderr,
      new RegExp(
        '^memprof: (within budget: peak .* \\(RSS, whole tree\\)|' +
          "within budget: kernel peak .* \\(kernel peak of the tree's cgroup, page cache included; " +
          'no sample was taken before the command ended\\)|' +
          '--max-peak 1\\.00 GiB not judged: t\\d\\.dat has no total ' +
          '\\(no sample: the recording ended before its first reading\\))',
        'm',
      ),
    );
  }
  const failing = await memprof(['run', '-o', 'f.dat', '--max-peak', '1GiB', '--', 'false'], { cwd: dir, env: NOT_CI });
  assert.equal(failing.code, 1, "the command's own status still passes through");
});

test('run -q with no budget still appends the job summary under GitHub Actions', async () => {
  const dir = tempDir();
  const summary = join(dir, SUMMARY);
  const r = await memprof(['run', '-q', '-o', 'q.dat', '--', 'sleep', '0.2'], {
    cwd: dir,
    env: { GITHUB_STEP_SUMMARY: summary, GITHUB_ACTIONS: 'true' },
  });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '', 'quiet');
  assert.match(readFileSync(summary, 'utf8'), /peak/i);
});
