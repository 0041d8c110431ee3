import { Option, type Command } from 'commander';
import type { PeakFigure } from '../analysis/budget-options.js';
import { usageError } from '../errors.js';
import type { VerdictRequest } from '../commands/verdict-due.js';
import { parseSize, SIZE_HELP } from '../units.js';

// The budget flags of `run` and `check`, declared once so both verbs take and explain them the same way.

export function addBudgetOptions(command: Command): Command {
  return command
    .option(
      '--max-peak <size>',
      'budget for the peak total of the whole run: exit 3 when it is over (a size: 1.5GiB, 600MB; see Budgets)',
    )
    .addOption(
      new Option(
        '--peak-figure <figure>',
        "which peak --max-peak judges: sampled (the sampled total) or kernel (the kernel's peak of the run's " +
          'own cgroup, every page of the tree, page cache included; see memprof run --cgroup)',
      )
        .choices(['sampled', 'kernel'])
        .default('sampled'),
    )
    .option(
      '--max-process-peak <size>',
      'budget for the peak of any single process: exit 3 when one is over (a size, as --max-peak)',
    )
    .option(
      '--baseline <file>',
      'a recording to compare this peak with (a path or a `memprof list` index); needs --max-increase',
    )
    .option(
      '--max-increase <percent>',
      'with --baseline: exit 3 when the peak total grew more than this many percent (10%, 10 or 2.5)',
    )
    .option(
      '--summary <file>',
      'append a Markdown summary (verdict, peak, top processes) to this file; ' +
        'done to $GITHUB_STEP_SUMMARY as well when it is set',
    )
    .addHelpText(
      'after',
      `
Budgets: ${SIZE_HELP}.
  Exit 3 when a budget is exceeded (with run: when the command itself succeeded; its own failure code wins).
  The verdict names the budget, by how much, and the process that held the most at the peak. Under GitHub
  Actions each exceeded budget is also printed as an ::error:: annotation.`,
    );
}

/** The raw commander values of the budget flags, typed and checked (usage errors exit 2). */
export function budgetOptionsFrom(raw: Record<string, unknown>): VerdictRequest {
  const text = (name: string): string | null => (typeof raw[name] === 'string' ? raw[name] : null);
  const request: VerdictRequest = {
    maxPeakBytes: positiveSize(text('maxPeak'), '--max-peak'),
    maxProcessPeakBytes: positiveSize(text('maxProcessPeak'), '--max-process-peak'),
    maxIncreasePercent: percent(text('maxIncrease')),
    baselineFile: text('baseline'),
    summaryFile: text('summary'),
    peakFigure: (text('peakFigure') ?? 'sampled') as PeakFigure,
  };
  if ((request.baselineFile === null) !== (request.maxIncreasePercent === null)) {
    throw usageError('--baseline and --max-increase go together', 'e.g. --baseline main.dat --max-increase 10%');
  }
  return request;
}

function positiveSize(text: string | null, flag: string): number | null {
  if (text === null) return null;
  const bytes = parseSize(text);
  if (bytes <= 0) throw usageError(`${flag} must be greater than zero, got '${text}'`, SIZE_HELP);
  return bytes;
}

/** `10%`, `10` or `2.5%`; never negative. */
export function percent(text: string | null): number | null {
  if (text === null) return null;
  const match = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*%?\s*$/.exec(text);
  if (!match) throw usageError(`invalid percentage '${text}'`, 'use a number of percent, e.g. 10% or 2.5');
  return Number(match[1]);
}
