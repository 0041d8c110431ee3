import type { Command } from 'commander';
import type { RunState } from '../cli.js';
import { addExitStatus, STDOUT_UNWRITABLE } from './exit-status.js';
import { addMprofChildrenOption, mprofChildrenFrom } from './mprof-children.js';

export function registerDiff(program: Command, state: RunState): void {
  const diff = program
    .command('diff')
    .summary('compare the peaks of two recordings')
    .description('compare two recordings: peak total and per-command peaks side by side, with the change in percent')
    .argument('<a>', 'the first recording (path, `memprof list` index, or - for standard input), e.g. the baseline')
    .argument('<b>', 'the second recording')
    .addHelpText('after', '\nProcesses are matched by command line, not pid (pids differ between runs).');
  addMprofChildrenOption(diff);
  addExitStatus(diff, [
    ['0', 'when both recordings were read and compared (a difference, however large, is no failure)'],
    ['2', 'for a usage error, a recording that is missing or cannot be read, or an index with no recording'],
    STDOUT_UNWRITABLE,
  ]).action(async (a: string, b: string, raw: Record<string, unknown>) => {
    const mprofChildren = mprofChildrenFrom(raw);
    const { diffCommand } = await import('../commands/diff.js');
    state.code = diffCommand({ a, b, mprofChildren });
  });
}
