import { Option, type Command } from 'commander';
import type { RunState } from '../cli.js';
import { usageError } from '../errors.js';
import type { TimeWindow } from '../analysis/plot-data.js';
import { addExitStatus, STDOUT_UNWRITABLE } from './exit-status.js';
import { addMprofChildrenOption, mprofChildrenFrom } from './mprof-children.js';

/** `--window a,b` in seconds from the start; either end may be left out (`5,` or `,10`). */
export function parseWindow(text: string): TimeWindow {
  const match = /^\s*(\d*\.?\d*)\s*,\s*(\d*\.?\d*)\s*$/.exec(text);
  const start = match && match[1] !== '' && match[1] !== '.' ? Number(match[1]) : 0;
  const end = match && match[2] !== '' && match[2] !== '.' ? Number(match[2]) : Infinity;
  if (!match || Number.isNaN(start) || Number.isNaN(end) || !(end > start)) {
    throw usageError(
      `invalid window '${text}'`,
      'give seconds from the start as START,END with START < END: 2,5 or 2, or ,5',
    );
  }
  return { start, end };
}

export function parseTop(text: string): number {
  if (!/^\d+$/.test(text.trim()))
    throw usageError(`invalid --top '${text}'`, 'give a whole number of processes, e.g. --top 10');
  return Number(text);
}

/** `--group-by`: none draws every process, an absent flag leaves it to the chart (see PlotDataOptions). */
function groupByFrom(value: unknown): 'program' | 'command' | 'auto' | null {
  if (value === 'program' || value === 'command') return value;
  return value === 'none' ? null : 'auto';
}

function terminal() {
  const out = process.stdout;
  const colour = out.isTTY === true && process.env.NO_COLOR === undefined && process.env.TERM !== 'dumb';
  return { columns: Math.min(Math.max(out.columns ?? 100, 40), 240), rows: 16, colour };
}

export function registerPlot(program: Command, state: RunState): void {
  const plot = program
    .command('plot')
    .summary('draw a recording to SVG, HTML or the terminal')
    .description('draw a recording: one curve per process plus the tree total, to SVG, HTML or the terminal')
    .argument(
      '[files...]',
      'recordings (.dat, memprof or mprof) or numbers from `memprof list` (0 oldest, -1 newest); ' +
        'several are overlaid, each from its own t = 0 (default: the newest mprofile_*.dat here)',
    )
    .option(
      '-o, --output <file>',
      'write .svg, .html (self-contained, interactive) or .txt (terminal chart); ' +
        'default: <recording>.svg next to the recording, its path printed',
    )
    .option('-t, --title <title>', 'chart title (default: the command line)')
    .option(
      '-w, --window <start,end>',
      'only this time range, in seconds from the start (2,5  2,  ,5); default: the whole recording',
    )
    .option(
      '-s, --slope',
      'draw the least-squares trend of the total and its slope in MiB/s (SVG and HTML; not the terminal chart)',
      false,
    )
    .option('--ascii', 'draw in the terminal with asciichart instead of writing a file', false)
    .option('--top <n>', 'draw the N processes with the highest peak; the rest are summed into one "others" line', '10')
    .addOption(
      new Option(
        '--group-by <key>',
        'sum the processes of each program (cc1, ld, node worker.js) or of each command line into one series, ' +
          'stacked so the top is the total; default: by program when more processes share one than --top shows',
      ).choices(['program', 'command', 'none']),
    )
    .option(
      '-n, --no-function-ts',
      'do not draw mprof FUNC brackets (@profile functions), drawn by default in SVG and HTML',
    )
    .option(
      '-f, --flame',
      'draw the FUNC brackets as a flame graph at the bottom, as mprof (SVG and HTML; not the terminal chart)',
      false,
    )
    .option(
      '--heap [pid]',
      "split a Node process's RSS into stacked bands: heap used, external (Buffers), the rest (SVG and HTML; " +
        'default: off; without a pid, the probed process with the highest peak)',
    )
    .option('--backend <name>', 'accepted for mprof compatibility (a matplotlib backend): memprof draws with vega')
    .addHelpText(
      'after',
      `
Without -o and without --ascii, plot writes an SVG next to the recording and prints its path:
the terminal chart is only drawn when asked for, so scripts and terminals get the same file.
Lines join readings with straight segments for RSS; PSS and USS, which may be read less often than
every tick (PACE lines), are drawn as steps (a reading holds until the next), with a dot at readings
far enough apart to be seen. A line is never drawn across a gap of more than 4 due intervals between
two readings (the pace in force, else the period): the process was not read there. See docs/format.md.`,
    );
  addMprofChildrenOption(plot);
  addExitStatus(plot, [
    ['0', 'when the chart was written (its path printed) or drawn in the terminal'],
    [
      '2',
      'for a usage error (a bad --window, --top or output name), a recording that is missing or cannot be ' +
        'read (the message names it), an index with no recording, no recording here when none is named, ' +
        'nothing to plot (in the window), or an output file that cannot be written',
    ],
    STDOUT_UNWRITABLE,
  ]).action(async (files: string[], raw: Record<string, unknown>) => {
    const { plotCommand } = await import('../commands/plot.js');
    state.code = await plotCommand({
      files,
      output: typeof raw.output === 'string' ? raw.output : null,
      title: typeof raw.title === 'string' ? raw.title : null,
      window: typeof raw.window === 'string' ? parseWindow(raw.window) : null,
      slope: raw.slope === true,
      ascii: raw.ascii === true,
      top: parseTop(String(raw.top)),
      groupBy: groupByFrom(raw.groupBy),
      functions: raw.functionTs !== false,
      flame: raw.flame === true,
      mprofChildren: mprofChildrenFrom(raw),
      heap: heapFrom(raw.heap),
      terminal: terminal(),
    });
  });
}

/** `--heap` alone: the largest probed process; `--heap PID`: that one. */
function heapFrom(value: unknown): number | 'auto' | null {
  if (value === undefined || value === false) return null;
  if (value === true) return 'auto';
  const pid = Number(value);
  if (!Number.isInteger(pid) || pid <= 0)
    throw usageError(`--heap takes a pid, got '${String(value)}'`, 'e.g. --heap 4242');
  return pid;
}
