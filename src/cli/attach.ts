import type { Command } from 'commander';
import type { RunState } from '../cli.js';
import { addBudgetOptions } from './budget-options.js';
import { addExitStatus } from './exit-status.js';
import { addExportOptions, exportsFrom } from './export-options.js';
import { addRecordOptions, recordOptionsFrom, timeoutFrom } from './record-options.js';

export function registerAttach(program: Command, state: RunState): void {
  const attach = program
    .command('attach')
    .summary('record a running process and its descendants')
    .description('record a process that is already running, and all its descendants, until it exits')
    .argument(
      '<process>',
      'its pid, or its name (exact, else a part of it, as mprof); several matches are listed, none chosen',
    );
  addRecordOptions(attach).option(
    '-t, --timeout <seconds>',
    'stop recording after this long: seconds (90) or with a unit (90s, 5m); default 3600 s, as mprof; ' +
      'the process is never signalled',
  );
  addExportOptions(attach);
  addBudgetOptions(attach).addHelpText(
    'after',
    `
The recording ends when the process exits, on Ctrl-C (SIGINT, SIGTERM, SIGHUP to memprof) or at --timeout;
each closes the file cleanly and leaves the process running. memprof did not start the process, so it
cannot know its exit status: 0 says the recording went well, not how the process ended.`,
  );
  addExitStatus(attach, [
    ['0', 'when the recording ended (the process exited, Ctrl-C, a signal, --timeout) within every budget'],
    ['3', 'when a budget is exceeded'],
    [
      '2',
      'for a usage error, no such process (or several that match), a PSS or USS that cannot be read, ' +
        'an -o file that exists or cannot be created, or a --baseline that cannot be read',
    ],
    ['1', 'when the recording or an --export could not be written'],
    ['128+N', 'when a signal N ended memprof before the recording began'],
  ]).action(async (target: string, raw: Record<string, unknown>) => {
    const { attachCommand } = await import('../commands/attach.js');
    const exports = exportsFrom(raw);
    state.code = await attachCommand({ ...recordOptionsFrom(raw), exports, timeoutSeconds: timeoutFrom(raw), target });
  });
}
