import type { Command } from 'commander';
import type { RunState } from '../cli.js';

export function registerClean(program: Command, state: RunState): void {
  program
    .command('clean')
    .description('remove every recording here (mprofile_*.dat) that is one by its content')
    .option('--dry-run', 'only print what would be removed', false)
    .action(async (raw: Record<string, unknown>) => {
      const { cleanCommand } = await import('../commands/clean.js');
      state.code = cleanCommand({ dryRun: raw.dryRun === true });
    });
}
