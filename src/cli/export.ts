import { Option, type Command } from 'commander';
import type { RunState } from '../cli.js';
import { usageError } from '../errors.js';
import { addExitStatus } from './exit-status.js';
import { addMprofChildrenOption, mprofChildrenFrom } from './mprof-children.js';

/** The formats, as `export --format` and `run --export` name them (the command module is loaded lazily). */
export const FORMAT_NAMES = ['csv', 'json', 'perfetto', 'openmetrics', 'benchmark'];

export function registerExport(program: Command, state: RunState): void {
  const command = program
    .command('export')
    .summary("write a recording in other tools' formats")
    .description(
      'write a recording in a format other tools read: a spreadsheet (csv), scripts (json), the Perfetto UI ' +
        'and chrome://tracing (perfetto), Prometheus (openmetrics), github-action-benchmark (benchmark)',
    )
    .argument(
      '[file]',
      'the recording: a path, a `memprof list` index (0 oldest, -1 newest) or - for standard input; ' +
        'default: the newest mprofile_*.dat here',
    )
    .addOption(
      new Option('-f, --format <format>', 'what to write (no default: it must be given; see docs/export.md)').choices(
        FORMAT_NAMES,
      ),
    )
    .option(
      '-o, --output <file>',
      'where to write, - for standard output; default: beside the recording, its .dat replaced by .csv, .json, ' +
        '.trace.json, .prom or .benchmark.json (standard output when reading standard input)',
    )
    .option('--name <name>', 'benchmark: the entries are named "<name>: peak total"... (default: the command line)')
    .addHelpText(
      'after',
      `
csv: one row per sample line and process (run, time, seconds, pid, ppid, command, metric, scope, bytes).
json: one document per run (schema memprof.run/1): peak --json's fields and the total at every tick.
perfetto: Chrome trace-event JSON: a counter track per process and for the total, lifetimes as slices.
openmetrics: gauges of each process's last reading and peak, and the run's peak total (no timestamps).
benchmark: customSmallerIsBetter entries: the peak total and the largest process, in MiB.
Every format but benchmark and openmetrics is written as the recording is read: any length, little memory.`,
    );
  addMprofChildrenOption(command);
  addExitStatus(command, [
    ['0', 'when the export was written (its path printed) or printed on standard output'],
    [
      '2',
      'for a usage error (no or an unknown --format), a recording that is missing or cannot be read ' +
        '(the message names it), an index with no recording, or an output file that cannot be created',
    ],
    [
      '1',
      'when the output file cannot be written once created (a full disk), or standard output cannot be ' +
        'written (a reader that stops early, as head does, is no error)',
    ],
  ]).action(async (file: string | undefined, raw: Record<string, unknown>) => {
    const mprofChildren = mprofChildrenFrom(raw);
    const { exportCommand, exportFormat } = await import('../commands/export.js');
    if (typeof raw.format !== 'string')
      throw usageError('export needs --format', `give one of ${FORMAT_NAMES.join(', ')}`);
    state.code = exportCommand({
      file: file ?? null,
      format: exportFormat(raw.format),
      output: typeof raw.output === 'string' ? raw.output : null,
      name: typeof raw.name === 'string' ? raw.name : null,
      mprofChildren,
    });
  });
}
