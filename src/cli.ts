import { Command } from 'commander';
import { registerRun } from './cli/run.js';
import { registerAttach } from './cli/attach.js';
import { registerPeak } from './cli/peak.js';
import { registerCheck } from './cli/check.js';
import { registerDiff } from './cli/diff.js';
import { registerList } from './cli/list.js';
import { registerRm } from './cli/rm.js';
import { registerClean } from './cli/clean.js';
import { registerPlot } from './cli/plot.js';
import { registerExport } from './cli/export.js';
import { registerMark } from './cli/mark.js';
import { VERSION } from './version.js';
import * as stdio from './stdio.js';

/** Shared between the verbs' actions and main: the exit code the verb returned. */
export interface RunState {
  code: number;
}

/** Each verb's wiring lives in src/cli/<verb>.ts and imports its command module lazily. */
const VERBS: Record<string, (program: Command, state: RunState) => void> = {
  run: registerRun,
  attach: registerAttach,
  peak: registerPeak,
  check: registerCheck,
  diff: registerDiff,
  list: registerList,
  rm: registerRm,
  clean: registerClean,
  plot: registerPlot,
  export: registerExport,
  mark: registerMark,
};

/** Where the details are, and the exit codes every verb shares; each verb's --help lists its own. */
const OVERVIEW_AFTER = `
memprof <verb> --help gives the verb's arguments, its options (with defaults and units) and its exit codes.
Exit status, in short: 0 success; 3 a budget exceeded (run, attach, check); 2 a usage error or a file that
cannot be used; 1 output that cannot be written, or an internal error (please report it). run passes the
command's own status through: 124 after --timeout, 126 or 127 when it cannot start, 128+N after signal N.`;

/**
 * The program with every verb, or with only `verb` when it names one: a verb's own parsing and --help need
 * no other verb, and wiring them all is a good part of a short run's start. Anything else (help, -V, a typo
 * that commander suggests a verb for) gets them all.
 */
export function buildProgram(state: RunState, verb?: string): Command {
  const program = new Command('memprof')
    .description(
      'Memory profiler for whole process trees: record, plot and budget a command and all its descendants.\n' +
        'mprof-compatible: same verbs and flags, and .dat files both tools read.',
    )
    .version(VERSION, '-V, --version')
    .enablePositionalOptions()
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    // memprof's own writers, not Node's streams: see stdio.ts.
    .configureOutput({ writeOut: (text) => stdio.stdout.write(text), writeErr: (text) => stdio.stderr.write(text) })
    .addHelpText('after', OVERVIEW_AFTER);
  const only = verb !== undefined && Object.hasOwn(VERBS, verb) ? VERBS[verb] : undefined;
  for (const register of only ? [only] : Object.values(VERBS)) register(program, state);
  return program;
}
