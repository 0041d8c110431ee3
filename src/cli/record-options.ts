import { Option, type Command } from 'commander';
import type { RecordOptions } from '../commands/record.js';
import { usageError } from '../errors.js';
import type { Metric } from '../format/types.js';
import { parseDuration } from '../units.js';
import { budgetOptionsFrom } from './budget-options.js';

// The recording flags of `run` and `attach` (mprof's -M, -C, -T, -o, --backend and memprof's own),
// declared once.

/** The sampling flags; the caller adds its own (--timeout) and then the budget flags (addBudgetOptions). */
export function addRecordOptions(command: Command): Command {
  return (
    command
      .option(
        '-M, --multiprocess',
        'record every descendant as its own series (a CHLD line per process per sample)',
        false,
      )
      .option('-C, --include-children', 'the MEM value is the main process plus all its descendants', false)
      .option(
        '-T, --interval <seconds>',
        'sampling period: seconds (0.01) or with a unit (10ms); default 0.01 s with /proc, 0.1 s with ps. ' +
          'With /proc, a tree too large to read that often within 15% of a core is sampled every 2, 4... ' +
          'periods instead, back as it shrinks; stderr and PERIOD lines in the file say so',
      )
      .option('--fixed-interval', 'keep the --interval period however large the tree grows (no PERIOD lines)', false)
      .addOption(
        new Option(
          '--metric <metric>',
          'what to measure: rss (resident set, as mprof), pss (shared pages split between their users), ' +
            'uss (private pages only); pss and uss need Linux /proc (default: rss)',
        ).choices(['rss', 'pss', 'uss']),
      )
      // No .choices(): mprof's tracemalloc gets its own explanation instead of commander's "invalid choice".
      .option(
        '--backend <backend>',
        "mprof's name for the metric: psutil or posix (rss), psutil_pss (pss), psutil_uss (uss); " +
          'default: none, --metric decides',
      )
      .option('-o, --output <file>', 'where to write (default: mprofile_YYYYMMDDhhmmss.dat here; _2, _3... if taken)')
      .addOption(
        new Option(
          '--source <source>',
          'how to read processes: procfs (Linux /proc), ps (portable: ps via pidtree, plus pidusage), ' +
            'or auto: procfs where /proc exists, else ps',
        )
          .choices(['auto', 'procfs', 'ps'])
          .default('auto'),
      )
      .option(
        '-q, --quiet',
        'print no summary line and no notes; warnings, errors and a lengthened period are still printed',
        false,
      )
      .option(
        '--live',
        'while recording, show the total, its peak and the largest processes in the terminal, redrawn in place ' +
          '(a terminal only: ignored with a note when standard output is not one); the recording is the same',
        false,
      )
  );
}

/** mprof's `--backend` values and the metric each reads. */
const BACKEND_METRICS: Record<string, Metric> = { psutil: 'rss', posix: 'rss', psutil_pss: 'pss', psutil_uss: 'uss' };

/** `--metric`, or what mprof's `--backend` means; rss when neither is given. */
function metricFrom(raw: Record<string, unknown>): Metric {
  const metric = raw.metric as Metric | undefined;
  const backend = raw.backend as string | undefined;
  if (backend === 'tracemalloc') {
    throw usageError(
      '--backend tracemalloc measures a Python heap from inside the program; memprof reads processes from outside',
      'use --metric rss, pss or uss',
    );
  }
  const fromBackend = backend === undefined ? undefined : BACKEND_METRICS[backend];
  if (backend !== undefined && fromBackend === undefined) {
    throw usageError(`unknown --backend '${backend}'`, `use one of ${Object.keys(BACKEND_METRICS).join(', ')}`);
  }
  if (metric !== undefined && fromBackend !== undefined && metric !== fromBackend) {
    throw usageError(`--metric ${metric} and --backend ${backend} (${fromBackend}) disagree`, 'give one of them');
  }
  return metric ?? fromBackend ?? 'rss';
}

/** The raw commander values of the recording flags, typed and checked (usage errors exit 2). */
export function recordOptionsFrom(raw: Record<string, unknown>): RecordOptions {
  return {
    multiprocess: raw.multiprocess === true,
    includeChildren: raw.includeChildren === true,
    intervalSeconds: typeof raw.interval === 'string' ? parseDuration(raw.interval, 'interval') : null,
    fixedInterval: raw.fixedInterval === true,
    metric: metricFrom(raw),
    output: typeof raw.output === 'string' ? raw.output : null,
    source: raw.source as 'auto' | 'procfs' | 'ps',
    quiet: raw.quiet === true,
    live: raw.live === true,
    budget: budgetOptionsFrom(raw),
  };
}

/** `--timeout`, when given. */
export function timeoutFrom(raw: Record<string, unknown>): number | null {
  return typeof raw.timeout === 'string' ? parseDuration(raw.timeout, 'timeout') : null;
}
