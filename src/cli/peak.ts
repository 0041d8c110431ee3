import type { Command } from 'commander';
import type { RunState } from '../cli.js';
import { addMprofChildrenOption, mprofChildrenFrom } from './mprof-children.js';

export function registerPeak(program: Command, state: RunState): void {
  const peak = program
    .command('peak')
    .description('print the peak memory of each recording, then of each process (pid, command, when)')
    .argument('[files...]', 'recordings: paths or `memprof list` indexes (default: the newest mprofile_*.dat here)')
    .option('--json', 'print one JSON document per run, one per line (schema: README, "peak --json schema")', false);
  addMprofChildrenOption(peak).action(async (files: string[], raw: Record<string, unknown>) => {
    const mprofChildren = mprofChildrenFrom(raw);
    const { peakCommand } = await import('../commands/peak.js');
    state.code = peakCommand({ files, json: raw.json === true, mprofChildren });
  });
}
