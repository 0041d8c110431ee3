import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readWarningText } from '../../../src/report/read-warnings.js';

test('a kind of malformed line in words: how many, the first line numbers, what was done, what was wrong', () => {
  assert.equal(
    readWarningText({ kind: 'malformed', malformed: 'backwards', count: 3, lines: [17, 90, 112], detail: null }),
    '3 lines with timestamps going backwards (lines 17, 90, 112): read as they are ' +
      '(was the clock set back while recording?), so times around them are out of order',
  );
  assert.equal(
    readWarningText({
      kind: 'malformed',
      malformed: 'not-decimal',
      count: 1,
      lines: [4],
      detail: "memory value is not a decimal number: '0x1A'",
    }),
    "1 line with a number that is not decimal (line 4): skipped (mprof's reader refuses them too); " +
      "line 4: memory value is not a decimal number: '0x1A'",
  );
  assert.equal(
    readWarningText({
      kind: 'malformed',
      malformed: 'garbled',
      count: 45,
      lines: [3, 9, 10],
      detail: "not a recording line: 'hello'",
    }),
    "45 malformed lines (lines 3, 9, 10 and 42 more): skipped; line 3: not a recording line: 'hello'",
  );
  assert.equal(
    readWarningText({ kind: 'malformed', malformed: 'extra-fields', count: 2, lines: [5, 6], detail: null }),
    '2 lines with extra fields (lines 5, 6): read without them, as mprof reads them',
  );
});

test("the reader's other warnings in words", () => {
  assert.equal(
    readWarningText({ kind: 'incomplete-last-line', line: 4 }),
    'line 4 is incomplete (the profiler may have been killed) and was ignored',
  );
  assert.equal(
    readWarningText({ kind: 'several-runs', runs: 3 }),
    'holds 3 runs written into one file; each is read as its own run',
  );
});
