import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateBudgets } from '../../../src/analysis/budget.js';
import { diffRuns } from '../../../src/analysis/diff.js';
import { summarizeRuns } from '../../../src/analysis/summary.js';
import { decodeDat } from '../../../src/format/decode.js';
import { diffText } from '../../../src/report/diff-text.js';
import { PEAK_SCHEMA, peakJson } from '../../../src/report/json.js';
import { markdownSummary, mdCode } from '../../../src/report/markdown.js';
import { peakText } from '../../../src/report/peak-text.js';
import { localStamp } from '../../../src/report/table.js';
import { formatAnnotations, formatVerdict } from '../../../src/report/verdict.js';
import { MiB } from '../../../src/units.js';
import { fakeDat, poolRun } from '../../helpers/recordings.js';

const [run] = summarizeRuns(decodeDat(fakeDat(poolRun()), 'pool.dat'));
const none = { maxPeakBytes: null, maxProcessPeakBytes: null, maxIncreasePercent: null };

test('peak --json: one line, the documented fields, numbers in bytes and seconds', () => {
  const text = peakJson(run!);
  assert.equal(text.split('\n').length, 2, 'one document per line');
  const doc = JSON.parse(text);
  assert.equal(doc.schema, PEAK_SCHEMA);
  for (const key of ['command', 'metric', 'durationSeconds', 'peakTotalBytes', 'peakTotalAtSeconds', 'processes'])
    assert.ok(key in doc, key);
  assert.equal(doc.peakTotalBytes, 460 * MiB);
  assert.equal(doc.peakTotalAtSeconds, 0.3);
  assert.equal(doc.metric, 'rss');
  assert.equal(doc.startTime, '2023-11-14T22:13:20.000Z');
  assert.deepEqual(doc.holderAtPeak, { pid: 1002, command: 'node worker.js b', bytes: 300 * MiB });
  assert.deepEqual(doc.processes[2], {
    pid: 1002,
    ppid: 1000,
    command: 'node worker.js b',
    isRoot: false,
    peakBytes: 300 * MiB,
    peakAtSeconds: 0.3,
    startSeconds: 0.1,
    endSeconds: 0.4,
    exited: true,
    stillRunning: null,
    hwmBytes: 310 * MiB,
  });
});

test("peak text starts like mprof's line, then one row per process with the kernel HWM", () => {
  const text = peakText(run!);
  assert.match(
    text,
    /^pool\.dat\t460\.000 MiB\tpeak total \(RSS, whole tree\) at 0\.30 s of a 0\.60 s run started .*: node pool\.js\n/,
  );
  assert.match(text, /pid +ppid +peak +at +start +end +kernel HWM +command/);
  assert.match(text, /1002 +1000 +300 MiB +0\.30 s +0\.100 s +0\.40 s +310 MiB +node worker\.js b/);
});

test('verdict sentences: budget, excess, and the process that held the most', () => {
  const verdict = evaluateBudgets([run!], { ...none, maxPeakBytes: 400 * MiB, maxProcessPeakBytes: 1024 * MiB });
  const text = formatVerdict(verdict, 1);
  assert.match(
    text,
    new RegExp(
      /over budget: peak 460 MiB \(RSS, whole tree\) at 0\.30 s is over --max-peak 400 MiB by 60 MiB \(\+15\.0%\); /
        .source + /at the peak pid 1002 \(node worker\.js b\) held the most: 300 MiB/.source,
    ),
  );
  assert.match(
    text,
    new RegExp(
      /within budget: the largest process peak is 300 MiB RSS, pid 1002 \(node worker\.js b\), /.source +
        /under --max-process-peak 1\.00 GiB/.source,
    ),
  );
  assert.match(text, /the command itself failed \(exit 1\)/);
});

test('::error:: annotations: one per failed budget, workflow-command escaped', () => {
  const verdict = evaluateBudgets([run!], { ...none, maxPeakBytes: 400 * MiB, maxProcessPeakBytes: 1024 * MiB });
  const lines = formatAnnotations(verdict).trimEnd().split('\n');
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /^::error title=memprof budget::over budget: peak 460 MiB .*\(\+15\.0%25\)/);
});

test('Markdown summary: heading, verdict, peak and a table of the top processes', () => {
  const verdict = evaluateBudgets([run!], { ...none, maxPeakBytes: 400 * MiB });
  const md = markdownSummary([run!], verdict);
  assert.match(md, /^### memprof: `node pool\.js`\n/);
  assert.match(md, /\*\*Over budget\.\*\*/);
  assert.match(md, /- ❌ over budget: peak 460 MiB/);
  assert.match(md, /Peak: \*\*460 MiB\*\* \(RSS, whole tree\) at 0\.30 s/);
  assert.match(
    md,
    new RegExp(
      /\| pid \| command \| peak \| at \| at the total peak \|\n\|---:\|---\|---:\|---:\|---:\|\n/.source +
        /\| 1002 \| `node worker\.js b` \| 300 MiB \| 0\.30 s \| 300 MiB \|/.source,
    ),
  );
});

test('mdCode keeps a command inside its table cell', () => {
  assert.equal(mdCode('a | b'), '`a \\| b`');
  assert.equal(mdCode('echo `x`'), '`` echo `x` ``');
  assert.equal(mdCode('a\nb'), '`a b`');
});

test('diff text: totals and per-command rows with the change', () => {
  const other = summarizeRuns(decodeDat(fakeDat(poolRun({ rootMib: [10, 20, 30, 86, 30, 20] })), 'new.dat'))[0]!;
  const text = diffText(diffRuns(run!, other));
  assert.match(text, /peak total \(RSS\) +460 MiB +506 MiB +\+10\.0%/);
  assert.match(text, /40 MiB +86 MiB +\+115\.0% +node pool\.js/);
});

test('peak text of a run without a MEM line says there is no total and why, never NaN', () => {
  const text = [
    'MEMPROF 1 metric=rss interval=0.01 mem=root per_process=0 source=procfs exits=final',
    'CMDLINE true',
    'PROC 1187 1115 100.0 100.01 "true"',
    'EXIT 1187 100.01 100.01',
    'DONE 100.02 0',
    '',
  ].join('\n');
  // Seen (first at 100.01), never read; then its header and DONE alone, as a command quicker than a tick leaves them.
  const seen = text;
  const closed = text
    .split('\n')
    .filter((l) => !/^(PROC|EXIT)/.test(l))
    .join('\n');
  for (const file of [seen, closed]) {
    const [run] = summarizeRuns(decodeDat(file, 'quick.dat'));
    const out = peakText(run!);
    assert.doesNotMatch(out, /NaN/);
    assert.equal(
      out,
      'quick.dat\tno total\tno total (no sample: the recording ended before its first reading) of a ' +
        `${file === seen ? '0.010 s' : '0 s'} run started ${localStamp(file === seen ? 100.01 : 100.02)}: true\n`,
    );
    const json = JSON.parse(peakJson(run!));
    assert.deepEqual([json.peakTotalBytes, json.peakTotalAtSeconds, json.processes], [null, null, []]);
  }
  // A descendant read and the main process never: its samples are shown, and the total is said to be missing.
  const chld = `${text.replace('DONE', 'PROC 1188 1187 100.0 100.01 "child"\nCHLD 1188 5.0 100.01\nDONE')}`;
  const [run] = summarizeRuns(decodeDat(chld, 'chld.dat'));
  const out = peakText(run!);
  assert.doesNotMatch(out, /NaN/);
  assert.match(out, /^chld\.dat\tno total\tno total \(no MEM line: the main process was never read\) of a /);
  assert.match(out, /^ +1188 +1187 +5\.0 MiB /m);
  assert.equal(JSON.parse(peakJson(run!)).peakTotalBytes, null);
});
