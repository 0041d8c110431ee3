import type { Command } from 'commander';
import type { RunState } from '../cli.js';

export function registerRm(program: Command, state: RunState): void {
  program
    .command('rm')
    .description(
      'remove recordings, by `memprof list` index (0 oldest, -1 newest) or path; never a file that is not a recording',
    )
    .argument('[recordings...]', 'indexes or files')
    .option('--dry-run', 'only print what would be removed', false)
    .action(async (targets: string[], raw: Record<string, unknown>) => {
      const { rmCommand } = await import('../commands/rm.js');
      state.code = rmCommand({ targets, dryRun: raw.dryRun === true });
    });
}
