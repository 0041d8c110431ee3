import { Command, Option } from 'commander';
import type { RunState } from '../cli.js';
import { parseDuration } from '../units.js';
import { addBudgetOptions, budgetOptionsFrom } from './budget-options.js';

export function registerRun(program: Command, state: RunState): void {
  const run = program.command('run')
    .description('run a command and record the memory of it and all its descendants into a .dat file')
    .argument('<command...>', 'the command to profile and its arguments (options after it belong to it; or put them after --)')
    .option('-M, --multiprocess', 'record every descendant as its own series (a CHLD line per process per sample)', false)
    .option('-C, --include-children', 'the MEM value is the main process plus all its descendants', false)
    .option('-T, --interval <seconds>', 'sampling period: seconds (0.01) or with a unit (10ms); default 0.01 s with /proc, 0.1 s with ps')
    .addOption(new Option('--metric <metric>', 'what to measure: rss (resident set, as mprof), pss (shared pages split between their users), uss (private pages only); pss/uss need Linux')
      .choices(['rss', 'pss', 'uss']).default('rss'))
    .option('-o, --output <file>', 'where to write (default: mprofile_YYYYMMDDhhmmss.dat here; _2, _3... if taken)')
    .option('-E, --exit-code', 'accepted for mprof compatibility: memprof always passes the exit code through')
    .option('--timeout <seconds>', 'stop after this long and end the whole target tree (exit 124)')
    .addOption(new Option('--source <source>', 'how to read processes: procfs (Linux /proc) or ps (portable: ps via pidtree, plus pidusage)')
      .choices(['auto', 'procfs', 'ps']).default('auto'))
    .option('-q, --quiet', 'print no summary line', false)
    .passThroughOptions();
  addBudgetOptions(run)
    .addHelpText('after', `
Exit status: the command's own; 128+N when it was killed by signal N; 127 when it cannot be started;
124 after --timeout; 2 for a usage error.
Ctrl-C and SIGTERM are forwarded to the command's process group; the recording is closed cleanly.`)
    .action(async (command: string[], raw: Record<string, unknown>) => {
      const { runCommand } = await import('../commands/run.js');
      state.code = await runCommand({
        command,
        multiprocess: raw.multiprocess === true,
        includeChildren: raw.includeChildren === true,
        intervalSeconds: typeof raw.interval === 'string' ? parseDuration(raw.interval, 'interval') : null,
        metric: raw.metric as 'rss' | 'pss' | 'uss',
        output: typeof raw.output === 'string' ? raw.output : null,
        timeoutSeconds: typeof raw.timeout === 'string' ? parseDuration(raw.timeout, 'timeout') : null,
        source: raw.source as 'auto' | 'procfs' | 'ps',
        quiet: raw.quiet === true,
        budget: budgetOptionsFrom(raw),
      });
    });
}
