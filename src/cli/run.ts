import type { Command } from 'commander';
import type { RunState } from '../cli.js';
import { usageError } from '../errors.js';
import { addBudgetOptions } from './budget-options.js';
import { addRecordOptions, recordOptionsFrom, timeoutFrom } from './record-options.js';

export function registerRun(program: Command, state: RunState): void {
  const run = program
    .command('run')
    .description('run a command and record the memory of it and all its descendants into a .dat file')
    .argument(
      '<command...>',
      'the command to profile and its arguments (options after it belong to it; or put them after --)',
    )
    .passThroughOptions();
  addRecordOptions(run)
    .option('-E, --exit-code', 'accepted for mprof compatibility: memprof always passes the exit code through')
    .option(
      '--nopython',
      'start a program named *.py as a command; without it, memprof runs an existing script.py with python3, as mprof does',
    )
    .option(
      '--python',
      "accepted for mprof compatibility: mprof's function timestamps (@profile) are Python-only and not recorded",
    )
    .option('-t, --timeout <seconds>', 'stop after this long and end the whole target tree (exit 124)')
    .option(
      '-a, --attach',
      'attach to a running process (a pid or a name) instead of starting one: `memprof attach`',
      false,
    );
  addBudgetOptions(run)
    .addHelpText(
      'after',
      `
Exit status: the command's own; 128+N when it was killed by signal N; 127 when it is not found; 126 when
it cannot be executed; 124 after --timeout; 3 when a budget is exceeded and the command succeeded; 1 when
the recording could not be written and the command succeeded; 2 for a usage error.
Ctrl-C and SIGTERM are forwarded to the command's process group; the recording is closed cleanly.
A signal that comes before memprof starts the command ends memprof (128+N): no command, no file.
If the recording cannot be written (disk full, a file-size limit), memprof says so in one line and lets
the command finish: the file is cut back to its last whole line, or removed when nothing could be written
in it.`,
    )
    .action(async (command: string[], raw: Record<string, unknown>) => {
      const options = {
        ...recordOptionsFrom(raw),
        timeoutSeconds: timeoutFrom(raw),
        noPython: raw.nopython === true,
        python: raw.python === true,
      };
      if (raw.attach === true) {
        if (command.length !== 1)
          throw usageError('--attach takes one process: a pid or a name', 'memprof run --attach 1234');
        const { attachCommand } = await import('../commands/attach.js');
        state.code = await attachCommand({ ...options, target: command[0]! });
        return;
      }
      const { runCommand } = await import('../commands/run.js');
      state.code = await runCommand({ ...options, command });
    });
}
