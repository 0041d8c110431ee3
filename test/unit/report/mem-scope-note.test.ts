import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { evaluateBudgets } from '../../../src/analysis/budget.js';
import { diffRuns } from '../../../src/analysis/diff.js';
import { buildPlotRun } from '../../../src/analysis/plot-data.js';
import { summarizeRuns } from '../../../src/analysis/summary.js';
import { decodeDat } from '../../../src/format/decode.js';
import { readRecordings } from '../../../src/format/reader.js';
import { chartTitles } from '../../../src/report/chart-titles.js';
import { diffText } from '../../../src/report/diff-text.js';
import { peakJson } from '../../../src/report/json.js';
import { markdownSummary } from '../../../src/report/markdown.js';
import { peakText } from '../../../src/report/peak-text.js';
import { formatVerdict } from '../../../src/report/verdict.js';
import { MiB } from '../../../src/units.js';
import { MPROF_FIXTURES } from '../../helpers/memprof.js';
import { fakeDat, poolRun } from '../../helpers/recordings.js';

const fixture = (name: string) => readRecordings(join(MPROF_FIXTURES, name));
const MC = 'stressng_vm_MC_T0.1.dat';
const M = 'stressng_vm_M_T0.1.dat';
const GiB = 1024 * MiB;
const NONE = { maxPeakBytes: null, maxProcessPeakBytes: null, maxIncreasePercent: null };
const count = (text: string, what: RegExp): number => text.match(new RegExp(what, 'g'))?.length ?? 0;

test('peak says once how an mprof file was read, and that it was inferred', () => {
  const [withC] = summarizeRuns(fixture(MC));
  const text = peakText(withC!);
  assert.equal(count(text, /MEM taken as including the children \(mprof -C\): inferred from the samples/), 1, text);
  assert.match(text, /--mprof-children separate reads it the other way/);
  const [withoutC] = summarizeRuns(fixture(M));
  assert.match(
    peakText(withoutC!),
    /MEM taken as the main process alone, the CHLD lines added \(mprof -M without -C\): inferred/,
  );
});

test('peak --json carries the reading as two fields', () => {
  const doc = JSON.parse(peakJson(summarizeRuns(fixture(MC))[0]!));
  assert.equal(doc.memIncludesChildren, true);
  assert.equal(doc.memScopeBasis, 'inferred');
  const option = JSON.parse(peakJson(summarizeRuns(fixture(MC), 'separate')[0]!));
  assert.deepEqual([option.memIncludesChildren, option.memScopeBasis], [false, 'option']);
});

test("memprof's own files get no such note: their header says", () => {
  const runs = summarizeRuns(decodeDat(fakeDat(poolRun()), 'pool.dat'));
  assert.doesNotMatch(peakText(runs[0]!), /MEM taken/);
  assert.equal(JSON.parse(peakJson(runs[0]!)).memScopeBasis, 'header');
  const verdict = evaluateBudgets(runs, { ...NONE, maxPeakBytes: GiB });
  assert.doesNotMatch(formatVerdict(verdict), /MEM taken/);
});

test("check's verdict and Markdown summary say it once per file, naming files when there are two", () => {
  const runs = summarizeRuns(fixture(MC));
  const verdict = evaluateBudgets(runs, { ...NONE, maxPeakBytes: 400 * MiB });
  assert.equal(verdict.passed, true);
  const text = formatVerdict(verdict);
  assert.equal(count(text, /memprof: note: MEM taken as including the children \(mprof -C\): inferred/), 1, text);
  assert.equal(count(markdownSummary(runs, verdict), /MEM taken as including the children/), 1);
  const baseline = summarizeRuns(fixture(M));
  const both = evaluateBudgets(runs, { ...NONE, maxIncreasePercent: 50 }, baseline);
  const lines = formatVerdict(both)
    .split('\n')
    .filter((l) => l.includes('MEM taken'));
  assert.equal(lines.length, 2, lines.join('\n'));
  assert.ok(lines[0]!.includes(`${MC}: MEM taken as including`), lines[0]);
  assert.ok(lines[1]!.includes(`${M}: MEM taken as the main process alone`), lines[1]);
});

test('diff notes each side', () => {
  const a = summarizeRuns(fixture(M))[0]!;
  const b = summarizeRuns(fixture(MC))[0]!;
  const text = diffText(diffRuns(a, b));
  assert.equal(count(text, /note: .*MEM taken/), 2, text);
});

test("the plot's subtitle says it, without the hint", () => {
  const PLOT = { top: 10, window: null, prefixRun: false };
  const run = buildPlotRun(fixture(MC)[0]!, 1, PLOT);
  assert.deepEqual(run.memScope, { childrenIncluded: true, basis: 'inferred' });
  const { subtitle } = chartTitles([run], null);
  const note = 'MEM taken as including the children (mprof -C): inferred from the samples';
  assert.ok(subtitle.includes(note), subtitle.join('\n'));
  const separate = buildPlotRun(fixture(MC)[0]!, 1, { ...PLOT, mprofChildren: 'separate' });
  const said = 'MEM taken as the main process alone, as --mprof-children says';
  assert.ok(chartTitles([separate], null).subtitle.includes(said));
  assert.ok(separate.total!.peak!.bytes > 600 * MiB, 'the children added to MEM a second time');
});
