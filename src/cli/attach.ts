import type { Command } from 'commander';
import type { RunState } from '../cli.js';
import { addBudgetOptions } from './budget-options.js';
import { addRecordOptions, recordOptionsFrom, timeoutFrom } from './record-options.js';

export function registerAttach(program: Command, state: RunState): void {
  const attach = program
    .command('attach')
    .description('record a process that is already running, and all its descendants, until it exits')
    .argument(
      '<process>',
      'its pid, or its name (exact, else a part of it, as mprof); several matches are listed, none chosen',
    );
  addRecordOptions(attach).option(
    '-t, --timeout <seconds>',
    'stop recording after this long (default 3600, as mprof); the process is never signalled',
  );
  addBudgetOptions(attach)
    .addHelpText(
      'after',
      `
The recording ends when the process exits, on Ctrl-C (SIGINT, SIGTERM, SIGHUP to memprof) or at --timeout;
each closes the file cleanly and leaves the process running. memprof did not start the process, so it
cannot know its exit status.
Exit status: 0; 3 when a budget is exceeded; 2 for a usage error or no such process.`,
    )
    .action(async (target: string, raw: Record<string, unknown>) => {
      const { attachCommand } = await import('../commands/attach.js');
      state.code = await attachCommand({ ...recordOptionsFrom(raw), timeoutSeconds: timeoutFrom(raw), target });
    });
}
