import { budgetOptionsFrom } from '../../src/cli/budget-options.js';
import { mprofChildrenFrom } from '../../src/cli/mprof-children.js';
import { checkCommand } from '../../src/commands/check.js';
import { diffCommand } from '../../src/commands/diff.js';
import type { Io } from '../../src/commands/io.js';
import { peakCommand } from '../../src/commands/peak.js';
import type { PlotOptions } from '../../src/commands/plot.js';
import { MemprofError } from '../../src/errors.js';

export interface VerbResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface VerbOptions {
  /** The directory the verb runs in, as a spawned memprof's cwd. */
  cwd?: string;
}

/** Verbs run one at a time: `cwd` is the process's own, so two verbs in different directories must not overlap. */
let queue: Promise<unknown> = Promise.resolve();

/**
 * Run a verb's command function in this process with buffers for its io: no node start-up per call. A
 * MemprofError becomes its exit code and the lines src/main.ts prints for it (the e2e tests show main does);
 * any other error fails the test, as an internal error would.
 */
export function runVerb(verb: (io: Io) => number | Promise<number>, options: VerbOptions = {}): Promise<VerbResult> {
  const result = queue.then(() => inDirectory(options.cwd, () => capture(verb)));
  queue = result.catch(() => undefined);
  return result;
}

async function capture(verb: (io: Io) => number | Promise<number>): Promise<VerbResult> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    out: (text) => {
      stdout += text;
    },
    err: (text) => {
      stderr += text;
    },
  };
  try {
    const code = await verb(io);
    return { code, stdout, stderr };
  } catch (error) {
    if (!(error instanceof MemprofError)) throw error;
    stderr += `memprof: ${error.message}\n`;
    if (error.hint) stderr += `hint: ${error.hint}\n`;
    return { code: error.exitCode, stdout, stderr };
  }
}

async function inDirectory<T>(dir: string | undefined, fn: () => Promise<T>): Promise<T> {
  if (dir === undefined) return fn();
  const before = process.cwd();
  process.chdir(dir);
  try {
    return await fn();
  } finally {
    process.chdir(before);
  }
}

/** `memprof check <file>` with its flags as commander hands them over (`{ maxPeak: '400MiB' }`). */
export function checkVerb(file: string, flags: Record<string, string>, env: NodeJS.ProcessEnv = {}) {
  return (io: Io): number =>
    checkCommand({ ...budgetOptionsFrom(flags), file, mprofChildren: mprofChildrenFrom(flags), env, io });
}

/** `memprof peak [--json] <files>`, with `--mprof-children` as commander hands it over. */
export function peakVerb(files: string[], { json = false, mprofChildren = 'auto' } = {}) {
  return (io: Io): number => peakCommand({ files, json, mprofChildren: mprofChildrenFrom({ mprofChildren }), io });
}

/**
 * `memprof plot <files>`'s options as the CLI gives them without flags, with `overrides`; but for groupBy,
 * none here where the CLI leaves it to the chart: pass `groupBy: 'auto'` to plot as the bare CLI does.
 */
export function plotOptions(io: Io, files: string[], overrides: Partial<PlotOptions> = {}): PlotOptions {
  const terminal = { columns: 100, rows: 16, colour: false };
  const defaults = { title: null, window: null, slope: false, ascii: false, top: 10, functions: true, flame: false };
  return { files, output: null, ...defaults, terminal, io, ...overrides };
}

/** `memprof diff <a> <b>`. */
export function diffVerb(a: string, b: string) {
  return (io: Io): number => diffCommand({ a, b, mprofChildren: 'auto', io });
}
