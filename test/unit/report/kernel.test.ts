import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateBudgets } from '../../../src/analysis/budget.js';
import { summarizeRun } from '../../../src/analysis/summary.js';
import { formatSummary } from '../../../src/commands/run-summary.js';
import { encodeCgroup, encodeCgroupTick } from '../../../src/format/cgroup-lines.js';
import { decodeDat } from '../../../src/format/decode.js';
import { peakJson } from '../../../src/report/json.js';
import { markdownSummary } from '../../../src/report/markdown.js';
import { peakText } from '../../../src/report/peak-text.js';
import { checkSentence } from '../../../src/report/verdict.js';
import { MiB } from '../../../src/units.js';

const T = 1796000000;
const split = { anon: 300 * MiB, file: 20 * MiB, shmem: 1 * MiB, kernel: 2 * MiB, usage: 322 * MiB };

/** A run of two processes in a cgroup of its own: the kernel saw 330 MiB, the samples at most 310 MiB. */
const FILE =
  'MEMPROF 1 metric=rss interval=0.01 mem=root per_process=1 source=procfs exits=final\n' +
  'CMDLINE make -j2\n' +
  encodeCgroup(2, '/user.slice/memprof-1-ab') +
  `PROC 100 1 ${T} ${T} "make -j2"\n` +
  `MEM 10.000000 ${T}.0000\n` +
  encodeCgroupTick({ usage: 12 * MiB, split: null, peak: 12 * MiB, ooms: [] }, T) +
  `PROC 101 100 ${T} ${T + 0.5} "cc1 big.c"\n` +
  `MEM 10.000000 ${T + 0.5}\n` +
  `CHLD 101 300.000000 ${T + 0.5}\n` +
  encodeCgroupTick({ usage: 322 * MiB, split, peak: null, ooms: [] }, T + 0.5) +
  encodeCgroupTick({ usage: null, split: null, peak: null, ooms: [{ kills: 1, pid: 101 }] }, T + 0.6) +
  `EXIT 101 ${T + 0.5} ${T + 0.6}\n` +
  encodeCgroupTick({ usage: 11 * MiB, split: null, peak: 330 * MiB, ooms: [] }, T + 1) +
  `DONE ${T + 1} 0\n`;

test('the cgroup lines read back as the kernel figures of the run', () => {
  const run = summarizeRun(decodeDat(FILE)[0]!);
  assert.equal(run.peakTotalBytes, 310 * MiB);
  const kill = run.kernel!.oomKilled[0]!;
  assert.ok(Math.abs(kill.atSeconds - 0.6) < 1e-4, `${kill.atSeconds}`);
  assert.deepEqual(run.kernel, {
    version: 2,
    path: '/user.slice/memprof-1-ab',
    peakBytes: 330 * MiB,
    usagePeakBytes: 322 * MiB,
    split,
    splitAtSeconds: 0.5,
    oomKills: 1,
    oomKilled: [{ pid: 101, command: 'cc1 big.c', atSeconds: kill.atSeconds }],
  });
});

test('every report puts the kernel peak beside the sampled one, page cache apart, and names the OOM kill', () => {
  const run = summarizeRun(decodeDat(FILE, 'b.dat')[0]!);
  const text = peakText(run);
  assert.match(
    text,
    /\n {2}kernel peak 330 MiB of the whole tree \(its cgroup's high-water mark, page cache included\)/,
  );
  assert.match(text, /anon 300 MiB, page cache 20 MiB \(shmem 1\.0 MiB of it\), kernel 2\.0 MiB, of 322 MiB in use/);
  assert.match(text, /out of memory: the OOM killer killed pid 101 \(cc1 big\.c\) at 0\.60 s in the run's cgroup/);
  const line = formatSummary({ run, file: 'b.dat' });
  assert.match(
    line,
    /^memprof: peak RSS 310 MiB at 0\.50 s of a 1\.00 s run; kernel peak 330 MiB \(page cache 20 MiB\)/,
  );
  assert.match(line, /\nmemprof: out of memory: the OOM killer killed pid 101/);
  const json = JSON.parse(peakJson(run)) as { kernel: Record<string, unknown> };
  assert.equal(json.kernel.peakBytes, 330 * MiB);
  assert.deepEqual(json.kernel.split, {
    anonBytes: 300 * MiB,
    fileBytes: 20 * MiB,
    shmemBytes: MiB,
    kernelBytes: 2 * MiB,
    usageBytes: 322 * MiB,
    atSeconds: 0.5,
  });
  assert.match(
    markdownSummary([run], null),
    /\nKernel peak 330 MiB of the whole tree .*\n\nOut of memory: the OOM killer/,
  );
});

test('--max-peak judges the figure asked for and says which', () => {
  const run = summarizeRun(decodeDat(FILE, 'b.dat')[0]!);
  const budget = { maxPeakBytes: 320 * MiB, maxProcessPeakBytes: null, maxIncreasePercent: null };
  assert.equal(evaluateBudgets([run], budget).passed, true);
  const kernel = evaluateBudgets([run], { ...budget, peakFigure: 'kernel' });
  assert.equal(kernel.passed, false);
  assert.match(
    checkSentence(kernel.checks[0]!),
    /^over budget: kernel peak 330 MiB \(kernel peak of the tree's cgroup/,
  );
  const none = summarizeRun(decodeDat(FILE.replace(/^CG.*\n/gm, ''), 'n.dat')[0]!);
  assert.equal(none.kernel, null);
  const unjudged = evaluateBudgets([none], { ...budget, peakFigure: 'kernel' });
  assert.match(checkSentence(unjudged.checks[0]!), /not judged: n\.dat has no kernel peak \(the run had no cgroup/);
});
