import type { Command } from 'commander';
import type { RunState } from '../cli.js';
import { addExitStatus, STDOUT_UNWRITABLE } from './exit-status.js';

export function registerRm(program: Command, state: RunState): void {
  const rm = program
    .command('rm')
    .summary('remove recordings, by index or path')
    .description(
      'remove recordings, by `memprof list` index (0 oldest, -1 newest) or path; never a file that is not a recording',
    )
    .argument('<recordings...>', 'indexes or files')
    .option('--dry-run', 'only print what would be removed', false);
  addExitStatus(rm, [
    ['0', 'when every one was removed (with --dry-run: would be)'],
    [
      '2',
      'for a usage error, an index with no recording, a file that is missing or not a recording ' +
        '(then nothing at all is removed), or a file that cannot be removed (those before it are)',
    ],
    STDOUT_UNWRITABLE,
  ]).action(async (targets: string[], raw: Record<string, unknown>) => {
    const { rmCommand } = await import('../commands/rm.js');
    state.code = rmCommand({ targets, dryRun: raw.dryRun === true });
  });
}
