import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateBudgets } from '../../../src/analysis/budget.js';
import { summarizeRuns } from '../../../src/analysis/summary.js';
import { decodeDat } from '../../../src/format/decode.js';
import { DatError } from '../../../src/format/errors.js';
import { MemprofError } from '../../../src/errors.js';
import { peakJson } from '../../../src/report/json.js';
import { markdownSummary } from '../../../src/report/markdown.js';
import { peakText } from '../../../src/report/peak-text.js';
import { MPROF_FIXTURES } from '../../helpers/memprof.js';
import { fakeDat, poolRun } from '../../helpers/recordings.js';

// Random and mutated .dat files: the reader may reject them, but only with its own DatError,
// and whatever it accepts must summarize and render without throwing. Seeded, so a failure replays.

function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES = ['CMDLINE', 'MEM', 'CHLD', 'FUNC', 'MEMPROF', 'PROC', 'CMD', 'EXIT', 'HWM', 'DONE', 'NEWTYPE', 'mem', ''];
const TOKENS = [
  '1',
  '0',
  '-1',
  '1.5',
  '1e309',
  'NaN',
  'Infinity',
  'abc',
  '',
  '"x"',
  '"',
  '"\\u0000"',
  'metric=pss',
  'metric=bogus',
  'mem=tree',
  '9',
  '1795317756.2206',
  '0x10',
  '  ',
  '\r',
  '\t',
  'é',
  '\uFFFD',
  '99999999999999999999',
  '.5',
  '1.',
  '#2',
];

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)]!;
}

function randomLines(rand: () => number): string {
  const lines: string[] = [];
  for (let n = Math.floor(rand() * 12); n > 0; n--) {
    const fields = Array.from({ length: Math.floor(rand() * 7) }, () => pick(rand, TOKENS));
    lines.push([pick(rand, TYPES), ...fields].join(' '));
  }
  return lines.join('\n') + (rand() < 0.8 ? '\n' : '');
}

function randomBytes(rand: () => number): string {
  const bytes = Buffer.from(Array.from({ length: Math.floor(rand() * 200) }, () => Math.floor(rand() * 256)));
  return bytes.toString(rand() < 0.5 ? 'utf8' : 'latin1');
}

function mutate(rand: () => number, text: string): string {
  let out = text;
  for (let n = 1 + Math.floor(rand() * 4); n > 0; n--) {
    const at = Math.floor(rand() * (out.length + 1));
    const lines = out.split('\n');
    const i = Math.floor(rand() * lines.length);
    switch (Math.floor(rand() * 7)) {
      case 0:
        out = out.slice(0, at);
        break; // truncated: killed mid-write
      case 1:
        out = out.slice(0, at) + out.slice(at + 1 + Math.floor(rand() * 20));
        break;
      case 2:
        out = out.slice(0, at) + pick(rand, TOKENS) + out.slice(at);
        break;
      case 3:
        lines.splice(i, 0, lines[Math.floor(rand() * lines.length)]!);
        out = lines.join('\n');
        break;
      case 4:
        lines.splice(i, 1);
        out = lines.join('\n');
        break;
      case 5: {
        const fields = lines[i]!.split(' ');
        fields[Math.floor(rand() * fields.length)] = pick(rand, TOKENS);
        lines[i] = fields.join(' ');
        out = lines.join('\n');
        break;
      }
      default:
        out = out.slice(0, at) + String.fromCharCode(Math.floor(rand() * 128)) + out.slice(at + 1);
    }
  }
  return out;
}

function seeds(): string[] {
  const files = readdirSync(MPROF_FIXTURES).filter((f) => f.endsWith('.dat'));
  return [
    ...files.map((f) => readFileSync(join(MPROF_FIXTURES, f), 'utf8')),
    fakeDat(poolRun()),
    fakeDat(poolRun({ memScope: 'tree', metric: 'pss' })),
    fakeDat({ command: 'x', rootMib: [1, 2, 3] }),
  ];
}

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
  const started = Date.now();
  let cases = 0;
  for (; cases < 4000; cases++) {
    const kind = cases % 4;
    const text = kind === 0 ? randomLines(rand) : kind === 1 ? randomBytes(rand) : mutate(rand, pick(rand, corpus));
    const error = exercise(text);
    if (error !== null) {
      const thrown = error instanceof Error ? error.stack : String(error);
      assert.fail(`case ${cases} threw ${thrown}\ninput: ${JSON.stringify(text.slice(0, 500))}`);
    }
  }
  assert.ok(Date.now() - started < 20_000, 'the fuzz test stays quick');
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
