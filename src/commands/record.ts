import { EXIT, MemprofError } from '../errors.js';
import { encodeCmdline, encodeHeader } from '../format/encode.js';
import type { Metric } from '../format/types.js';
import type { DatWriter } from '../format/writer.js';
import type { Recorder } from '../sampler/recorder.js';
import { Sampling } from '../sampler/sampling.js';
import type { ProcessSource } from '../sampler/types.js';
import { createSession, defaultInterval, resolveSource, samplingThreadAllowed, type SourceChoice } from '../sampler/select.js';
import { epochMs } from '../sampler/ticker.js';
import { formatSummary, formatSurvivors, formatUnread } from './run-summary.js';
import type { VerdictRequest } from './verdict.js';

/** What `run` and `attach` share: what to record, how, and what to judge it against. */
export interface RecordOptions {
  multiprocess: boolean;
  includeChildren: boolean;
  /** null: the source's default. */
  intervalSeconds: number | null;
  metric: Metric;
  output: string | null;
  source: SourceChoice;
  quiet: boolean;
  /** Budgets and summary files, judged on the finished recording. */
  budget: VerdictRequest;
}

/** The process a recording follows. */
export interface RecordRoot {
  pid: number;
  command: string;
  /** The session whose members belong to the tree (see SourceOptions.sessionId). */
  sessionId: number | null;
  /** The mark in the command's environment (see SourceOptions.runMark); null when memprof did not start it. */
  runMark: string | null;
}

/** How a recording ends. */
export interface Ending {
  /** The command's exit status; null when it is not known (an attached process). */
  exitCode: number | null;
  /** Whether the root itself ended (then its descendants still alive are named as survivors). */
  rootEnded: boolean;
}

/** How a verb drives the recording: started once sampling runs; `after` runs once the file is closed. */
export interface Lifecycle {
  ended: Promise<Ending>;
  after(survivors: () => number[] | Promise<number[]>): Promise<void>;
}

/** How the tree is read: the source and period the options ask for on this machine. */
export interface SamplingChoice {
  kind: 'procfs' | 'ps';
  interval: number;
}

/** The source and period the options ask for on this machine; PSS/USS without /proc are usage errors. */
export function resolveSampling(options: RecordOptions): SamplingChoice {
  const kind = resolveSource(options.source);
  if (kind === 'ps' && options.metric !== 'rss') {
    throw new MemprofError(`--metric ${options.metric} needs Linux /proc; the ps source reads RSS only`, { exitCode: EXIT.usage });
  }
  return { kind, interval: options.intervalSeconds ?? defaultInterval(kind) };
}

/**
 * Sample `root` and its tree into `writer` until the lifecycle says it ended, then close the file with
 * its DONE line, name the survivors, print the summary and judge the budgets. Returns the exit code.
 */
export async function recordTree(
  options: RecordOptions, { kind, interval }: SamplingChoice, root: RecordRoot, writer: DatWriter, start: () => Lifecycle,
): Promise<number> {
  const followTree = options.multiprocess || options.includeChildren;
  const memScope = options.includeChildren ? 'tree' : 'root';
  writer.write(encodeHeader({
    version: 1, metric: options.metric, intervalSeconds: interval, memScope, perProcess: options.multiprocess, source: kind,
    finalExits: true,
  }) + encodeCmdline(root.command));
  const { session, plan } = await createSession(kind,
    {
      rootPid: root.pid, rootCommand: root.command, sessionId: root.sessionId, runMark: root.runMark, followTree,
      metric: options.metric,
    },
    { rootPid: root.pid, memScope, perProcess: options.multiprocess, followTree }, interval, writer);
  const sampling = new Sampling(session, samplingThreadAllowed() ? plan : null, interval * 1000, (failure) => {
    process.stderr.write(`memprof: ${failure}; recording stopped, the command goes on\n`);
  });
  sampling.start();
  const lifecycle = start();
  const ending = await lifecycle.ended;
  // The thread may have sampled: what it hands back is the session now (the same fds, the same file).
  const { source, recorder, writer: finalWriter } = await sampling.stop();
  const failure = sampling.failure;
  if (failure === null && followTree) await lastTick(source, recorder);
  const alive = followTree ? await source.survivors() : [];
  if (failure === null) {
    const now = epochMs() / 1000;
    recorder.closeEnded(now, new Set(ending.rootEnded ? alive : [...alive, root.pid]));
    recorder.finish(now, ending.exitCode);
  }
  finalWriter.close();
  // Descendants that outlive the command are not followed: say which, since the recording stops short of them.
  if (ending.rootEnded && alive.length > 0) process.stderr.write(formatSurvivors(alive, recorder));
  process.stderr.write(formatUnread(recorder, options.metric));
  if (!options.quiet) {
    process.stderr.write(formatSummary({ recorder, metric: options.metric, file: writer.path, followTree, incomplete: failure !== null }));
  }
  await lifecycle.after(() => source.survivors());
  source.close();
  const code = ending.exitCode ?? EXIT.ok;
  // An incomplete recording judges no budget: the command's failure wins, else memprof's own (1).
  if (failure !== null) return code !== EXIT.ok ? code : EXIT.failure;
  return judge(writer.path, options.budget, code);
}

/**
 * One more tick once the command ended, with a sweep of every process: a daemon it started just before
 * exiting is found (and named as a survivor) even when no periodic sweep came after it.
 */
async function lastTick(source: ProcessSource, recorder: Recorder): Promise<void> {
  source.sweepNext();
  recorder.record(epochMs() / 1000, await source.tick());
}

/** Budgets: exit 3 when one is exceeded and the command itself succeeded; the command's failure wins. */
async function judge(file: string, budget: VerdictRequest, code: number): Promise<number> {
  const { reportVerdict } = await import('./verdict.js'); // loaded only after the run: start-up stays lean
  const verdict = reportVerdict(file, budget, { commandExitCode: code });
  return code !== EXIT.ok ? code : (verdict ?? code);
}
