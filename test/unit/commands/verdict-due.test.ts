import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readBackDue, type VerdictRequest } from '../../../src/commands/verdict-due.js';

const NO_BUDGET: VerdictRequest = {
  maxPeakBytes: null,
  maxProcessPeakBytes: null,
  maxIncreasePercent: null,
  baselineFile: null,
  summaryFile: null,
};

test('a quiet run reads its file back only for a verdict or a summary, and never when it is incomplete', () => {
  const env = {};
  const ci = { GITHUB_STEP_SUMMARY: '/tmp/summary.md' };
  const budget: VerdictRequest = { ...NO_BUDGET, maxPeakBytes: 1024 };
  const asked = (quiet: boolean, incomplete: boolean, request: VerdictRequest, e: NodeJS.ProcessEnv) =>
    readBackDue({ quiet, incomplete, budget: request }, e);
  assert.equal(asked(true, false, NO_BUDGET, env), false, 'quiet, nothing to judge');
  assert.equal(asked(false, false, NO_BUDGET, env), true, 'the summary line');
  assert.equal(asked(false, true, NO_BUDGET, env), true, 'an incomplete run still says its summary line');
  assert.equal(asked(true, false, budget, env), true, 'a budget');
  assert.equal(asked(true, false, NO_BUDGET, ci), true, "GitHub's job summary");
  assert.equal(asked(true, false, { ...NO_BUDGET, summaryFile: 's.md' }, env), true, '--summary');
  assert.equal(asked(true, true, budget, ci), false, 'an incomplete run judges nothing');
});
