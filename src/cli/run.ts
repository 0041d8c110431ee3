import { Option, type Command } from 'commander';
import type { RunState } from '../cli.js';
import type { CgroupMode } from '../commands/run-cgroup.js';
import { usageError } from '../errors.js';
import { addBudgetOptions } from './budget-options.js';
import { addExitStatus } from './exit-status.js';
import { addExportOptions, exportsFrom } from './export-options.js';
import { addRecordOptions, recordOptionsFrom, timeoutFrom } from './record-options.js';

export function registerRun(program: Command, state: RunState): void {
  const run = program
    .command('run')
    .summary('record a command and all its descendants')
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
      'start a program named *.py as a command; without it, memprof runs an existing script.py with python3, ' +
        'as mprof does',
    )
    .option(
      '--python',
      "accepted for mprof compatibility: mprof's function timestamps (@profile) are Python-only and not recorded",
    )
    .option(
      '-t, --timeout <seconds>',
      'stop after this long and end the whole target tree (exit 124): seconds (90) or with a unit (90s, 5m); ' +
        'default: no limit',
    )
    .addOption(
      new Option(
        '--cgroup <mode>',
        "start the command in a cgroup of its own, for the kernel's exact peak of the whole tree and its " +
          'OOM kills (a leaf as root or in a delegated subtree, else systemd-run --user --scope): auto (where ' +
          'one can be had, else say why once), on (or exit 2), off',
      )
        .choices(['auto', 'on', 'off'])
        .default('auto'),
    )
    .option(
      '--no-node',
      "do not start the tree's Node processes with memprof's heap probe (NODE_OPTIONS=--require): without it " +
        'each Node process reports its V8 heap, external memory and ArrayBuffers at the sampling period',
    )
    .option(
      '-a, --attach',
      'record a running process (a pid or a name) instead of starting one, as `memprof attach` does: ' +
        "then -t is attach's (default 3600 s, the process is never signalled), and --nopython, --python, " +
        '--cgroup and -E do nothing',
      false,
    );
  addExportOptions(run);
  addBudgetOptions(run).addHelpText(
    'after',
    `
Ctrl-C and SIGTERM are forwarded to the command's process group; the recording is closed cleanly.
A signal that comes before memprof starts the command ends memprof (128+N): no command, no file.
If the recording cannot be written (disk full, a file-size limit), memprof says so in one line and lets
the command finish: the file is cut back to its last whole line, or removed when nothing could be written
in it.`,
  );
  addExitStatus(run, [
    ['N', "the command's own exit status, passed through (0 when it succeeded)"],
    ['128+N', 'when the command was killed by signal N, or memprof by a signal before it started the command'],
    ['127', 'when the command is not found'],
    ['126', 'when the command is found but cannot be executed (no permission, not a program)'],
    ['124', 'when --timeout ended the command'],
    ['3', 'when a budget is exceeded and the command succeeded'],
    [
      '2',
      'for a usage error, an -o file that exists or cannot be created, or a --baseline that cannot be read; ' +
        'found before the command starts, except a baseline that is there but unreadable',
    ],
    ['1', 'when the recording or an --export could not be written and the command succeeded'],
  ]).action(async (command: string[], raw: Record<string, unknown>) => {
    const options = {
      ...recordOptionsFrom(raw),
      exports: exportsFrom(raw),
      timeoutSeconds: timeoutFrom(raw),
      noPython: raw.nopython === true,
      python: raw.python === true,
      cgroup: raw.cgroup as CgroupMode,
      node: raw.node !== false,
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
