import type { Command } from 'commander';
import type { RunState } from '../cli.js';
import { usageError } from '../errors.js';
import { addBudgetOptions, budgetOptionsFrom } from './budget-options.js';
import { addExitStatus, STDOUT_UNWRITABLE } from './exit-status.js';
import { addMprofChildrenOption, mprofChildrenFrom } from './mprof-children.js';

export function registerCheck(program: Command, state: RunState): void {
  const check = program
    .command('check')
    .summary('judge a recording against memory budgets')
    .description('judge an existing recording against memory budgets (exit 0 within, 3 over, 2 unreadable)')
    .argument('<file>', 'the recording: a path, an index as `memprof list` shows it, or - for standard input');
  addMprofChildrenOption(addBudgetOptions(check));
  addExitStatus(check, [
    ['0', 'when the recording is within every budget'],
    ['3', 'when a budget is exceeded'],
    [
      '2',
      'for a usage error (check needs --max-peak, --max-process-peak, or --baseline with --max-increase), ' +
        'a recording or baseline that is missing or cannot be read',
    ],
    STDOUT_UNWRITABLE,
  ]).action(async (file: string, raw: Record<string, unknown>) => {
    const request = budgetOptionsFrom(raw);
    const mprofChildren = mprofChildrenFrom(raw);
    const noBudget =
      request.maxPeakBytes === null && request.maxProcessPeakBytes === null && request.maxIncreasePercent === null;
    if (noBudget) {
      throw usageError(
        'check needs a budget',
        'give --max-peak, --max-process-peak, or --baseline with --max-increase',
      );
    }
    const { checkCommand } = await import('../commands/check.js');
    state.code = checkCommand({ ...request, file, mprofChildren });
  });
}
