import { appendFileSync } from 'node:fs';
import { evaluateBudgets, hasBudget, type Verdict } from '../analysis/budget.js';
import type { MprofChildren } from '../analysis/mem-scope.js';
import type { RunSummary } from '../analysis/summary.js';
import { EXIT } from '../errors.js';
import { markdownSummary } from '../report/markdown.js';
import { formatAnnotations, formatVerdict } from '../report/verdict.js';
import { processIo, summarizeReporting, type Io } from './io.js';
import { summaryTargets, verdictDue, type VerdictRequest } from './verdict-due.js';

export interface VerdictContext {
  /** Read for GITHUB_STEP_SUMMARY and GITHUB_ACTIONS. Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** The profiled command's exit code, when `run` calls: the summary says when it failed. */
  commandExitCode?: number | null;
  /** Where the verdict sentences go: stderr for `run` (stdout is the command's), stdout for `check`. */
  verdictTo?: 'stdout' | 'stderr';
  /** How to read an mprof recording's or baseline's MEM (`check --mprof-children`). Default: auto. */
  mprofChildren?: MprofChildren;
  io?: Io;
}

/**
 * Judge a closed recording against the budgets and report it: the verdict on the terminal, the Markdown
 * summary appended to --summary and $GITHUB_STEP_SUMMARY, and an `::error::` line per failed budget under
 * GitHub Actions. Returns 3 (EXIT.budget) when a budget is exceeded, 0 when all are met, and null when no
 * budget was given (then only the summary is written, if asked for). Throws DatError (exit 2) for a
 * recording or baseline that cannot be read.
 */
export function reportVerdict(
  recordingFile: string,
  request: VerdictRequest,
  context: VerdictContext = {},
): number | null {
  if (!verdictDue(request, context.env ?? process.env)) return null; // do not read a large file for nothing
  const runs = readRuns(recordingFile, context.io ?? processIo, context.mprofChildren ?? 'auto');
  return reportVerdictOn(runs, request, context);
}

/** reportVerdict on runs already read (`run` reads its file once, for its summary line and the verdict). */
export function reportVerdictOn(
  runs: RunSummary[],
  request: VerdictRequest,
  context: VerdictContext = {},
): number | null {
  const env = context.env ?? process.env;
  const io = context.io ?? processIo;
  if (!verdictDue(request, env)) return null;
  const targets = summaryTargets(request.summaryFile, env);
  const children = context.mprofChildren ?? 'auto';
  const baseline = request.baselineFile === null ? null : readRuns(request.baselineFile, io, children);
  const verdict = hasBudget(request) ? evaluateBudgets(runs, request, baseline) : null;
  const commandExitCode = context.commandExitCode ?? null;
  if (verdict) (context.verdictTo === 'stdout' ? io.out : io.err)(formatVerdict(verdict, commandExitCode));
  writeSummary(targets, markdownSummary(runs, verdict, commandExitCode), io);
  if (verdict && !verdict.passed && inGitHubActions(env)) io.out(formatAnnotations(verdict));
  return verdictCode(verdict);
}

function verdictCode(verdict: Verdict | null): number | null {
  return verdict === null ? null : verdict.passed ? EXIT.ok : EXIT.budget;
}

function readRuns(file: string, io: Io, children: MprofChildren): RunSummary[] {
  return summarizeReporting(file, io, children);
}

function inGitHubActions(env: NodeJS.ProcessEnv): boolean {
  return env.GITHUB_ACTIONS === 'true' || Boolean(env.GITHUB_STEP_SUMMARY);
}

/** Append, never overwrite: other steps write to the same job summary. A failure to write only warns. */
function writeSummary(targets: string[], markdown: string, io: Io): void {
  for (const file of targets) {
    try {
      appendFileSync(file, markdown);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? String(error);
      io.err(`memprof: warning: cannot write the summary to ${file}: ${reason}\n`);
    }
  }
}
