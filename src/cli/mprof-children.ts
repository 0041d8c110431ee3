import type { Command } from 'commander';
import { usageError } from '../errors.js';
import type { MprofChildren } from '../analysis/mem-scope.js';

// `--mprof-children`, for every verb that reads recordings: mprof's files do not say whether MEM includes
// the children (mprof run -C), so memprof infers it, and this lets the user say.

const CHOICES: MprofChildren[] = ['auto', 'included', 'separate'];

export const MPROF_CHILDREN_HELP = `
--mprof-children: mprof's own .dat files do not say whether their MEM lines already include the children
  (mprof run -C) or are the main process alone, with the children in CHLD lines added to it (-M without -C).
  auto (default) infers it from the samples: with -C, MEM moves with the children and is not far below their
  sum on most ticks. The total, and every budget on it, depends on this; peak, check, diff and plot say which
  way it went. included or separate overrides the inference. memprof's own recordings say it in their header: for
  them the option is ignored, with a warning.`;

export function addMprofChildrenOption(command: Command): Command {
  return command
    .option(
      '--mprof-children <how>',
      "for mprof's files: whether MEM includes the children (mprof -C): " + 'auto, included or separate (see below)',
      'auto',
    )
    .addHelpText('after', MPROF_CHILDREN_HELP);
}

/** The option's raw value, checked (a usage error exits 2). */
export function mprofChildrenFrom(raw: Record<string, unknown>): MprofChildren {
  const value = raw.mprofChildren === undefined ? 'auto' : String(raw.mprofChildren);
  const choice = CHOICES.find((c) => c === value);
  if (!choice) throw usageError(`invalid --mprof-children '${value}'`, 'give auto, included or separate');
  return choice;
}
