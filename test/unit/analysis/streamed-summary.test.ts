import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MprofChildren } from '../../../src/analysis/mem-scope.js';
import { summarizeFile, summarizeRuns, type RunSummary } from '../../../src/analysis/summary.js';
import { decodeDat } from '../../../src/format/decode.js';
import { DatError } from '../../../src/format/errors.js';
import { pick, prng, seeds } from '../../helpers/fuzz-dat.js';
import { MPROF_FIXTURES, tempDir } from '../../helpers/memprof.js';
import { memInOrder, randomText } from '../../helpers/random-recordings.js';
import { referenceSummaries } from '../../helpers/reference-summary.js';

// The summary `peak`, `check` and `diff` print is built in one streaming pass over the file. Its truth is
// the summary memprof computed before from the decoded recording's whole series (reference-summary.ts):
// on every field, for random recordings, mutated ones, and every mprof fixture, read in small pieces.

const CHOICES: MprofChildren[] = ['auto', 'included', 'separate'];
const dir = tempDir();

/** The runs, or the message they were refused with. */
function outcome<T>(read: () => T): T | string {
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
  // Decoded once: neither summary changes the recordings it is given.
  const recs = outcome(() => decodeDat(text, file));
  for (const children of CHOICES) {
    const truth = typeof recs === 'string' ? recs : outcome(() => referenceSummaries(recs, children));
    const streamed = outcome(() => summarizeFile(file, children, { chunkBytes }));
    const decoded = typeof recs === 'string' ? recs : outcome(() => summarizeRuns(recs, children));
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
  for (let n = 0; n < 150; n++) {
    const text = randomText(rand, corpus);
    const chunkBytes = pick(rand, [1, 7, 64, 333, 4096]);
    assertSame(text, join(dir, 'random.dat'), chunkBytes, `case ${n}, pieces of ${chunkBytes} bytes`);
    runs += text.split('\nCMDLINE ').length;
  }
  assert.ok(runs > 150, `${runs} runs compared`);
});

test('the streamed summary equals the whole-series summary for every mprof fixture', () => {
  const files = readdirSync(MPROF_FIXTURES).filter((f) => f.endsWith('.dat'));
  assert.ok(files.length >= 16, `${files.length} fixtures`);
  for (const name of files) {
    const text = readFileSync(join(MPROF_FIXTURES, name), 'utf8');
    for (const chunkBytes of [97, 1 << 20]) assertSame(text, join(dir, name), chunkBytes, name);
  }
});
