import type { Command } from 'commander';
import type { RunState } from '../cli.js';
import { addExitStatus, STDOUT_UNWRITABLE } from './exit-status.js';
import { addMprofChildrenOption, mprofChildrenFrom } from './mprof-children.js';

export function registerPeak(program: Command, state: RunState): void {
  const peak = program
    .command('peak')
    .summary('print the peak memory of each recording')
    .description('print the peak memory of each recording, then of each process (pid, command, when)')
    .argument(
      '[files...]',
      'recordings: paths, `memprof list` indexes (0 oldest, -1 newest) or - for standard input; ' +
        'default: the newest mprofile_*.dat here',
    )
    .option('--json', 'print one JSON document per run, one per line (schema: docs/json.md)', false);
  addMprofChildrenOption(peak);
  addExitStatus(peak, [
    ['0', 'when every recording was read and its peaks printed'],
    [
      '2',
      'for a usage error, a recording that is missing or cannot be read (the message names it), ' +
        'an index with no recording, or no recording here when none is named',
    ],
    STDOUT_UNWRITABLE,
  ]).action(async (files: string[], raw: Record<string, unknown>) => {
    const mprofChildren = mprofChildrenFrom(raw);
    const { peakCommand } = await import('../commands/peak.js');
    state.code = peakCommand({ files, json: raw.json === true, mprofChildren });
  });
}
