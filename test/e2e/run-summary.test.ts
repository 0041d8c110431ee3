import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkVerb, peakVerb, runVerb } from '../helpers/in-process.js';
import { memprof, tempDir } from '../helpers/memprof.js';
import { runTree, type TreeSpec } from '../helpers/tree.js';
import { formatBytes } from '../../src/units.js';

// `run` reads its file back as `peak` and `check` read it: its summary line and its verdict are theirs.

const NOT_CI = { GITHUB_STEP_SUMMARY: '', GITHUB_ACTIONS: '' };

const TREE: TreeSpec = {
  name: 'root',
  alloc: 10,
  hold: 900,
  children: [
    { name: 'big', alloc: 90, hold: 700 },
    { name: 'small', alloc: 20, hold: 700 },
  ],
};

const LINE = new RegExp(
  '^memprof: peak RSS (\\S+ \\S+) at (\\S+ s) of a (\\S+ s) run \\(≤ (\\S+ \\S+) by kernel high-water marks\\); ' +
    '(?:kernel peak (\\S+ \\S+) \\(page cache \\S+ \\S+\\); )?' +
    'at the peak pid (\\d+) \\(.*\\) held the most: (\\S+ \\S+) -> (.*)$',
  'm',
);

const LINE_TITLE = "run's summary line gives the peak, when, the run's length, the bracket and the holder peak prints";

test(LINE_TITLE, async () => {
  const tree = await runTree(TREE, ['-M'], { env: NOT_CI });
  assert.equal(tree.result.code, 0, tree.result.stderr);
  const line = LINE.exec(tree.result.stderr);
  assert.ok(line, tree.result.stderr);
  const [, peak, at, duration, bound, kernel, pid, held, file] = line;
  assert.equal(file, tree.datFile);
  const text = (await runVerb(peakVerb([tree.datFile]))).stdout;
  const json = JSON.parse((await runVerb(peakVerb([tree.datFile], { json: true }))).stdout);
  assert.equal(peak, formatBytes(json.peakTotalBytes));
  assert.equal(bound, formatBytes(json.peakTotalUpperBoundBytes));
  // With a cgroup of its own (where one can be had), the kernel's peak, as `peak --json` reads it back.
  assert.equal(kernel, json.kernel === null ? undefined : formatBytes(json.kernel.peakBytes));
  assert.equal(Number(pid), json.holderAtPeak.pid);
  assert.equal(held, formatBytes(json.holderAtPeak.bytes));
  assert.ok(text.includes(` at ${at} of a ${duration} run started `), text);
  assert.ok(text.includes(`  peak total between ${peak} (largest sampled total) and ${bound} (`), text);
  // The truth the tree itself reports: the child that allocated the most held the most at the peak.
  const big = tree.events().find((e) => e.name === 'big' && e.allocated !== undefined)!;
  assert.equal(Number(pid), big.pid);
  assert.ok(json.holderAtPeak.bytes >= big.allocated!, `${held} held, ${formatBytes(big.allocated!)} allocated`);
});

const QUICK_TITLE =
  'a command that ends before its first reading: run and check on its file say it is unjudged in the same ' +
  'words, with the same exit status and the same summary';

test(QUICK_TITLE, async () => {
  const dir = tempDir();
  const budget = ['--max-peak', '1GiB', '--max-process-peak', '10MiB'];
  let unread = 0;
  // The ps source reads nothing at spawn, and its first tick spawns ps, slower than `true` runs: the file
  // nearly always has no sample. Whichever way a try went, run and check must agree on it.
  for (let i = 0; i < 5 && unread === 0; i++) {
    const file = `t${i}.dat`;
    const run = await memprof(
      ['run', '--source', 'ps', '-o', file, ...budget, '--summary', `run${i}.md`, '--', 'true'],
      {
        cwd: dir,
        env: NOT_CI,
      },
    );
    const check = await runVerb(
      checkVerb(file, { maxPeak: '1GiB', maxProcessPeak: '10MiB', summary: `check${i}.md` }, NOT_CI),
      { cwd: dir },
    );
    const verdict = run.stderr.split('\n').filter((l) => /^memprof: (--max|within budget|over budget)/.test(l));
    assert.deepEqual(verdict, check.stdout.trimEnd().split('\n'), run.stderr);
    assert.equal(run.code, check.code);
    assert.equal(readFileSync(join(dir, `run${i}.md`), 'utf8'), readFileSync(join(dir, `check${i}.md`), 'utf8'));
    if (/^MEM /m.test(readFileSync(join(dir, file), 'utf8'))) continue;
    unread++;
    assert.equal(run.code, 0);
    const why = `${file} has no total (no sample: the recording ended before its first reading)`;
    assert.deepEqual(verdict, [
      `memprof: --max-peak 1.00 GiB not judged: ${why}`,
      `memprof: --max-process-peak 10 MiB not judged: ${file} has no process peak ` +
        '(no sample: the recording ended before its first reading)',
    ]);
    assert.match(run.stderr, new RegExp(`^memprof: no total \\(no sample: .*\\) -> ${file}$`, 'm'));
  }
  assert.equal(unread, 1, 'one try left a file without a sample');
});
