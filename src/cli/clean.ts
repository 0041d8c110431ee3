import type { Command } from 'commander';
import type { RunState } from '../cli.js';
import { addExitStatus, STDOUT_UNWRITABLE } from './exit-status.js';

export function registerClean(program: Command, state: RunState): void {
  const clean = program
    .command('clean')
    .summary('remove every recording here')
    .description('remove every recording here (mprofile_*.dat) that is one by its content')
    .option('--dry-run', 'only print what would be removed', false);
  addExitStatus(clean, [
    ['0', 'when every recording here was removed (with --dry-run: would be), or there was none'],
    ['2', 'for a usage error (clean takes no argument), or a recording that cannot be removed'],
    STDOUT_UNWRITABLE,
  ]).action(async (raw: Record<string, unknown>) => {
    const { cleanCommand } = await import('../commands/clean.js');
    state.code = cleanCommand({ dryRun: raw.dryRun === true });
  });
}
