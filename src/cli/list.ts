import type { Command } from 'commander';
import type { RunState } from '../cli.js';
import { addExitStatus, STDOUT_UNWRITABLE } from './exit-status.js';

export function registerList(program: Command, state: RunState): void {
  const list = program
    .command('list')
    .summary('list the recordings here, with their indexes')
    .description('list the recordings here (mprofile_*.dat), oldest first: index, file, date, command');
  addExitStatus(list, [
    ['0', 'when the recordings were listed, or there is none (said on stderr)'],
    ['2', 'for a usage error (list takes no argument)'],
    STDOUT_UNWRITABLE,
  ]).action(async () => {
    const { listCommand } = await import('../commands/list.js');
    state.code = listCommand();
  });
}
