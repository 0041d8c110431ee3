import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MprofChildren } from '../../../src/analysis/mem-scope.js';
import { summarizeFile, summarizeRuns, type RunSummary } from '../../../src/analysis/summary.js';
import { decodeDat } from '../../../src/format/decode.js';
import { DatError } from '../../../src/format/errors.js';
import { syntheticRecording } from '../../../bench/plot-recording.js';
import { mutate, pick, prng, seeds } from '../../helpers/fuzz-dat.js';
import { MPROF_FIXTURES, tempDir } from '../../helpers/memprof.js';
import { fakeDat, type FakeProcess, type FakeRun } from '../../helpers/recordings.js';
import { referenceSummaries } from '../../helpers/reference-summary.js';

// The summary `peak`, `check` and `diff` print is built in one streaming pass over the file. Its truth is
// the summary memprof computed before from the decoded recording's whole series (reference-summary.ts):
// on every field, for random recordings, mutated ones, and every mprof fixture, read in small pieces.

const CHOICES: MprofChildren[] = ['auto', 'included', 'separate'];
const dir = tempDir();

/** A random memprof run: a root and up to five children, some reusing a pid, with or without -C, -M, HWM. */
function randomRun(rand: () => number): FakeRun {
  const ticks = 1 + Math.floor(rand() * 25);
  const mib = (): number => (rand() < 0.1 ? 0 : Math.round(rand() * 300_000) / 1000);
  const children: FakeProcess[] = [];
  let lastEnd = ticks;
  for (let i = 0, n = Math.floor(rand() * 6); i < n; i++) {
    // Now and then a pid is used again, by a process that starts after the first one ended.
    const reuse = i > 0 && lastEnd < ticks - 1 && rand() < 0.4;
    const from = reuse ? lastEnd + 1 : Math.floor(rand() * ticks);
    const to = from + Math.floor(rand() * (ticks - from));
    children.push({
      pid: reuse ? children[i - 1]!.pid : 2000 + i,
      ppid: 1000,
      command: `worker ${i}`,
      mib: Array.from({ length: ticks }, (_, k) => (k >= from && k <= to ? mib() : null)),
      hwmMib: rand() < 0.5 ? 50 + rand() * 400 : undefined,
    });
    lastEnd = to;
  }
  return {
    command: 'node app.js',
    rootMib: Array.from({ length: ticks }, mib),
    children,
    metric: pick(rand, ['rss', 'pss', 'uss'] as const),
    memScope: rand() < 0.5 ? 'tree' : 'root',
    perProcess: rand() < 0.8,
    interval: pick(rand, [0.01, 0.1, 0.5]),
    start: 1_700_000_000 + Math.floor(rand() * 1000),
    exitCode: rand() < 0.2 ? null : Math.floor(rand() * 3),
  };
}

/** A random mprof file (no header, no PROC): MEM with or without the children in it, CHLD lines after it. */
function randomMprof(rand: () => number): string {
  const included = rand() < 0.5;
  let text = 'CMDLINE python app.py\n';
  let t = 1_600_000_000 + rand() * 100;
  const level = [rand() * 300, rand() * 100, rand() * 100, rand() * 100];
  for (let k = 0, ticks = 1 + Math.floor(rand() * 40); k < ticks; k++) {
    t += 0.1;
    const kids = level.slice(1).map((v, i) => (rand() < 0.8 ? v + i * rand() * 20 : 0));
    const mem = level[0]! + rand() * 20 + (included ? kids.reduce((a, b) => a + b, 0) : 0);
    text += `MEM ${mem.toFixed(6)} ${t.toFixed(4)}\n`;
    kids.forEach((v, i) => {
      if (v > 0 || rand() < 0.2) text += `CHLD ${100 + i} ${v.toFixed(6)} ${(t + 0.001 * i).toFixed(4)}\n`;
    });
  }
  return text;
}

function randomText(rand: () => number, corpus: string[]): string {
  switch (Math.floor(rand() * 5)) {
    case 0:
      return fakeDat(randomRun(rand));
    case 1:
      return randomMprof(rand);
    case 2:
      return syntheticRecording({
        processes: 1 + Math.floor(rand() * 8),
        lines: 20 + Math.floor(rand() * 1500),
        seed: Math.floor(rand() * 1e9),
      });
    case 3:
      return fakeDat(randomRun(rand)) + fakeDat(randomRun(rand)); // two runs in one file
    default:
      return mutate(rand, pick(rand, corpus));
  }
}

/** Whether every run's MEM times keep their order (see GoneTimes: the bound's one assumption). */
function memInOrder(text: string): boolean {
  let last = -Infinity;
  for (const line of text.split('\n')) {
    if (line.startsWith('CMDLINE ')) last = -Infinity;
    const time = line.startsWith('MEM ') ? Number(line.split(' ')[2]) : NaN;
    if (time < last) return false;
    if (!Number.isNaN(time)) last = time;
  }
  return true;
}

/** The runs, or the message they were refused with. */
function outcome(read: () => RunSummary[]): RunSummary[] | string {
  try {
    return read();
  } catch (error) {
    if (error instanceof DatError) return error.message;
    throw error;
  }
}

function assertSame(text: string, file: string, chunkBytes: number, what: string): void {
  writeFileSync(file, text);
  const inOrder = memInOrder(text);
  for (const children of CHOICES) {
    const truth = outcome(() => referenceSummaries(decodeDat(text, file), children));
    const streamed = outcome(() => summarizeFile(file, children, chunkBytes));
    const decoded = outcome(() => summarizeRuns(decodeDat(text, file), children));
    // With NUL bytes and a bad line, which of the two is named first depends on where the pieces fall.
    if (typeof truth === 'string' && text.includes('\u0000')) {
      assert.equal(typeof streamed, 'string', what);
      continue;
    }
    const comparable = (runs: RunSummary[] | string): RunSummary[] | string =>
      typeof runs === 'string' || inOrder ? runs : runs.map((r) => ({ ...r, peakTotalUpperBoundBytes: null }));
    assert.deepEqual(comparable(streamed), comparable(truth), `${what}, ${children}, streamed:\n${text.slice(0, 400)}`);
    assert.deepEqual(decoded, truth, `${what}, ${children}, decoded:\n${text.slice(0, 400)}`);
  }
}

test('the streamed summary equals the whole-series summary on every field, for many random recordings', () => {
  const rand = prng(20260117);
  const corpus = seeds();
  let runs = 0;
  for (let n = 0; n < 300; n++) {
    const text = randomText(rand, corpus);
    const chunkBytes = pick(rand, [1, 7, 64, 333, 4096]);
    assertSame(text, join(dir, 'random.dat'), chunkBytes, `case ${n}, pieces of ${chunkBytes} bytes`);
    runs += text.split('\nCMDLINE ').length;
  }
  assert.ok(runs > 300, `${runs} runs compared`);
});

test('the streamed summary equals the whole-series summary for every mprof fixture', () => {
  const files = readdirSync(MPROF_FIXTURES).filter((f) => f.endsWith('.dat'));
  assert.ok(files.length >= 16, `${files.length} fixtures`);
  for (const name of files) {
    const text = readFileSync(join(MPROF_FIXTURES, name), 'utf8');
    for (const chunkBytes of [97, 1 << 20]) assertSame(text, join(dir, name), chunkBytes, name);
  }
});
