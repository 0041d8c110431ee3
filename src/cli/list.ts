import type { Command } from 'commander';
import type { RunState } from '../cli.js';

export function registerList(program: Command, state: RunState): void {
  program
    .command('list')
    .description('list the recordings here (mprofile_*.dat), oldest first: index, file, date, command')
    .action(async () => {
      const { listCommand } = await import('../commands/list.js');
      state.code = listCommand();
    });
}
