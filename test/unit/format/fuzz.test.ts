import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateBudgets } from '../../../src/analysis/budget.js';
import { summarizeRuns } from '../../../src/analysis/summary.js';
import { decodeDat } from '../../../src/format/decode.js';
import { DatError } from '../../../src/format/errors.js';
import { MemprofError } from '../../../src/errors.js';
import { peakJson } from '../../../src/report/json.js';
import { markdownSummary } from '../../../src/report/markdown.js';
import { peakText } from '../../../src/report/peak-text.js';
import { mutate, pick, prng, randomBytes, randomLines, seeds } from '../../helpers/fuzz-dat.js';

// Random and mutated .dat files: the reader may reject them, but only with its own DatError,
// and whatever it accepts must summarize and render without throwing. Seeded, so a failure replays.

/** Decode, then summarize and render what was accepted; returns the unexpected error, if any. */
function exercise(text: string): unknown {
  try {
    const runs = summarizeRuns(decodeDat(text, 'fuzz.dat'));
    for (const run of runs) {
      peakText(run);
      peakJson(run);
    }
    markdownSummary(runs, null);
    try {
      evaluateBudgets(runs, { maxPeakBytes: 1, maxProcessPeakBytes: 1, maxIncreasePercent: 1 }, runs);
    } catch (error) {
      if (!(error instanceof MemprofError)) return error;
    }
    return null;
  } catch (error) {
    return error instanceof DatError ? null : error;
  }
}

test('random and mutated .dat files throw nothing but DatError', () => {
  const rand = prng(20240601);
  const corpus = seeds();
  let cases = 0;
  for (; cases < 2000; cases++) {
    const kind = cases % 4;
    const text = kind === 0 ? randomLines(rand) : kind === 1 ? randomBytes(rand) : mutate(rand, pick(rand, corpus));
    const error = exercise(text);
    if (error !== null) {
      const thrown = error instanceof Error ? error.stack : String(error);
      assert.fail(`case ${cases} threw ${thrown}\ninput: ${JSON.stringify(text.slice(0, 500))}`);
    }
  }
  assert.equal(cases, 2000);
});

/** What decodeDat makes of a text: its runs, or the message it refused them with. */
function outcome(text: string): unknown {
  try {
    return decodeDat(text, 'f.dat');
  } catch (error) {
    return error instanceof DatError ? error.message : error;
  }
}

// Plain MEM and CHLD lines take the sample scanner's fast path and every other line parseLine. A '\r'
// added before the newline of each non-empty line sends it to parseLine (which drops the '\r'), so the
// two must agree on everything.
test('the fast path for samples decodes exactly as parseLine does, on fixtures and fuzz cases', () => {
  const rand = prng(20261123);
  const corpus = seeds();
  const texts = [
    ...corpus,
    ...Array.from({ length: 2000 }, (_, n) => (n % 2 === 0 ? randomLines(rand) : mutate(rand, pick(rand, corpus)))),
  ];
  let fast = 0;
  for (const text of texts) {
    const crlf = text.replace(/([^\n\r])\n/g, '$1\r\n');
    assert.deepEqual(outcome(text), outcome(crlf), JSON.stringify(text.slice(0, 300)));
    if (/^(MEM|CHLD) [0-9]/m.test(text)) fast++;
  }
  assert.ok(fast > 1000, `${fast} of the texts have sample lines`);
});
