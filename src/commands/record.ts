import { hasBudget } from '../analysis/budget-options.js';
import { EXIT, MemprofError } from '../errors.js';
import { encodeCgroup } from '../format/cgroup-lines.js';
import { encodeCmdline, encodeHeader } from '../format/encode.js';
import type { CgroupPlace } from '../platform/cgroup/types.js';
import type { Metric } from '../format/types.js';
import type { DatWriter } from '../format/writer.js';
import type { Recorder } from '../sampler/recorder.js';
import { Sampling } from '../sampler/sampling.js';
import type { PeriodNote } from '../sampler/session.js';
import { periodNotice } from '../report/period-text.js';
import { tickResult } from '../platform/tick-result.js';
import type { ProcessSource } from '../platform/types.js';
import type { Platform } from '../platform/platform.js';
import { platformFor, type SourceChoice } from '../platform/select.js';
import { createSession, samplingThreadAllowed } from '../sampler/select.js';
import { epochMs } from '../clock.js';
import { formatSurvivors, formatUnread } from './run-notes.js';
import { existingRecordingArg } from './resolve-files.js';
import { followUnrecorded, writeFirstLines } from './unrecorded.js';
import { readBackDue, type VerdictRequest } from './verdict-due.js';
import type { ExportRequest } from '../cli/export-options.js';
import type { ProbeChannel } from '../probe/channel.js';
import * as stdio from '../stdio.js';

/** What `run` and `attach` share: what to record, how, and what to judge it against. */
export interface RecordOptions {
  multiprocess: boolean;
  includeChildren: boolean;
  /** null: the source's default. */
  intervalSeconds: number | null;
  /** Keep the period as given even when a large tree makes a tick cost more than the CPU budget. */
  fixedInterval: boolean;
  metric: Metric;
  output: string | null;
  source: SourceChoice;
  quiet: boolean;
  /** Budgets and summary files, judged on the finished recording. */
  budget: VerdictRequest;
  /** Exports written from the finished recording (`--export FORMAT=FILE`). */
  exports?: ExportRequest[];
  /** `--live`: draw the recording in the terminal while it is written. */
  live?: boolean;
}

/** The process a recording follows. */
export interface RecordRoot {
  pid: number;
  command: string;
  /** The session whose members belong to the tree (see SourceOptions.sessionId). */
  sessionId: number | null;
  /** The mark in the command's environment (see SourceOptions.runMark); null when memprof did not start it. */
  runMark: string | null;
  /** The root's memory read the instant it was started, if it could be: a quick command may end before a tick. */
  firstReading?: FirstReading | null;
  /** The cgroup of its own the command was started in, when it has one. */
  cgroup?: CgroupPlace | null;
  /** The run's channel (marks, and Node heaps when `nodeProbe`); absent when memprof did not start the command. */
  channel?: ProbeChannel | null;
  /** The command's Node processes load the heap probe (said in the header). */
  nodeProbe?: boolean;
}

export interface FirstReading {
  time: number;
  bytes: number;
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

function followTreeAsked(options: RecordOptions): boolean {
  return options.multiprocess || options.includeChildren;
}

/** How the tree is read: the platform and period the options ask for on this machine. */
export interface SamplingChoice {
  platform: Platform;
  interval: number;
}

/** The platform and period the options ask for on this machine; a metric it cannot read is a usage error. */
export async function resolveSampling(options: RecordOptions): Promise<SamplingChoice> {
  const platform = await platformFor(options.source);
  const unsupported = platform.metricUnsupported(options.metric);
  if (unsupported !== null) throw new MemprofError(unsupported, { exitCode: EXIT.usage });
  return { platform, interval: options.intervalSeconds ?? platform.defaultInterval };
}

/**
 * The budget with its --baseline resolved before the recording starts: an index names the recordings as
 * they are before this one adds a file, and a missing baseline stops memprof before any command runs.
 */
export function resolveBudget(budget: VerdictRequest): VerdictRequest {
  if (budget.baselineFile === null) return budget;
  return { ...budget, baselineFile: existingRecordingArg(budget.baselineFile) };
}

/**
 * Sample `root` and its tree into `writer` until the lifecycle says it ended, then close the file with
 * its DONE line, name the survivors, print the summary and judge the budgets. Returns the exit code.
 */
export async function recordTree(
  options: RecordOptions,
  { platform, interval }: SamplingChoice,
  root: RecordRoot,
  writer: DatWriter,
  start: () => Lifecycle,
): Promise<number> {
  // A budget judges the whole tree, so the tree is recorded whenever one is given, each process as with -M.
  const budgeted = hasBudget(options.budget);
  const perProcess = options.multiprocess || budgeted;
  const followTree = perProcess || followTreeAsked(options);
  const memScope = options.includeChildren ? 'tree' : 'root';
  if (budgeted && !followTreeAsked(options) && !options.quiet) {
    stdio.stderr.write('memprof: a budget judges the whole tree: every process is recorded, as with -M\n');
  }
  const header =
    encodeHeader({
      version: 1,
      metric: options.metric,
      intervalSeconds: interval,
      memScope,
      perProcess,
      source: platform.kind,
      finalExits: true,
      ...(root.nodeProbe ? { nodeProbe: true } : {}),
    }) +
    encodeCmdline(root.command) +
    (root.cgroup ? encodeCgroup(root.cgroup.version, root.cgroup.path) : '');
  const unwritable = writeFirstLines(writer, header);
  if (unwritable) return followUnrecorded(unwritable, writer, start);
  const setup = await createSession(
    platform,
    {
      rootPid: root.pid,
      rootCommand: root.command,
      sessionId: root.sessionId,
      runMark: root.runMark,
      followTree,
      metric: options.metric,
      cgroup: root.cgroup ?? null,
    },
    { rootPid: root.pid, memScope, perProcess, followTree },
    interval,
    writer,
    root.channel ?? null,
    !options.fixedInterval,
  );
  if (root.firstReading) {
    const { time, bytes } = root.firstReading;
    setup.session.recorder.record(time, tickResult({ readings: [{ pid: root.pid, bytes }] }), root.command);
  }
  const threaded = samplingThreadAllowed() ? setup : { session: setup.session, plan: null };
  const sampling = new Sampling(
    threaded,
    interval * 1000,
    (failure) => stdio.stderr.write(`memprof: ${failure}; recording stopped, the command goes on\n`),
    undefined,
    firstLongerPeriod(),
  );
  sampling.start();
  const live = options.live ? await startLive(writer.path, root.command, { memScope, perProcess }) : null;
  const lifecycle = start();
  const ending = await lifecycle.ended;
  // The thread may have sampled: what it hands back is the session now (the same fds, the same file).
  const { source, recorder, writer: finalWriter, probes } = await sampling.stop();
  const failure = sampling.failure;
  // The cgroup's high-water mark is read at the end whatever was followed.
  if (failure === null && (followTree || root.cgroup)) await lastTick(source, recorder, probes ?? null);
  const alive = followTree ? await source.survivors() : [];
  if (failure === null) {
    // What the probes said last (a process's heap as it exited), before the EXIT lines that close them.
    if (probes) recorder.recordProbes(probes.drain());
    const now = epochMs() / 1000;
    recorder.closeEnded(now, new Set(ending.rootEnded ? alive : [...alive, root.pid]));
    recorder.finish(now, ending.exitCode);
  }
  finalWriter.close();
  live?.stop();
  // Descendants that outlive the command are not followed: say which, since the recording stops short of them.
  if (ending.rootEnded && alive.length > 0) stdio.stderr.write(formatSurvivors(alive, recorder));
  const unread = formatUnread(recorder, options.metric);
  if (unread !== '') stdio.stderr.write(unread);
  const incomplete = failure !== null;
  // Loaded only after the run, and only when the file is read back: start-up stays lean.
  const due = readBackDue({ quiet: options.quiet, incomplete, budget: options.budget }, process.env);
  const report = due ? await import('./run-report.js') : null;
  const runs = report?.readBack(writer.path) ?? null;
  if (!options.quiet && runs) {
    const { formatSummary } = await import('./run-summary.js');
    stdio.stderr.write(formatSummary({ run: runs[0]!, file: writer.path, incomplete }));
  }
  const exported = await writeExports(writer.path, options.exports ?? [], options.quiet);
  await lifecycle.after(() => source.survivors());
  source.close();
  const code = ending.exitCode ?? EXIT.ok;
  if (!exported && code === EXIT.ok) return EXIT.failure;
  // An incomplete recording judges no budget: the command's failure wins, else memprof's own (1).
  if (incomplete) return code !== EXIT.ok ? code : EXIT.failure;
  return report === null ? code : report.judge(runs, options.budget, code);
}

/** `--live` on a terminal: the view, started; null (with a note) when standard output is not a terminal. */
async function startLive(
  file: string,
  command: string,
  recording: { memScope: 'root' | 'tree'; perProcess: boolean },
): Promise<{ stop(): void } | null> {
  if (!stdio.isTerminal(1)) {
    stdio.stderr.write('memprof: note: --live draws in a terminal only: standard output is not one\n');
    return null;
  }
  const { LiveView } = await import('./live.js'); // loaded only when asked for
  const view = new LiveView({
    file,
    command,
    memIsTree: recording.memScope === 'tree',
    perProcess: recording.perProcess,
    terminal: process.stdout,
  });
  view.start();
  return view;
}

/** `--export`: each written from the closed file, a failure said as a warning; false when one failed. */
async function writeExports(file: string, exports: ExportRequest[], quiet: boolean): Promise<boolean> {
  if (exports.length === 0) return true;
  const { exportAfterRecording } = await import('./run-exports.js'); // loaded only when asked for
  return exportAfterRecording(file, exports, quiet);
}

/**
 * Says on stderr, once, that a large tree lengthened the period; even with -q, since the recording is then
 * sparser than the command line asked for (as a warning would be).
 */
function firstLongerPeriod(): (note: PeriodNote) => void {
  let said = false;
  return (note) => {
    if (said || note.seconds <= note.requestedSeconds) return;
    said = true;
    stdio.stderr.write(`memprof: note: ${periodNotice(note)}\n`);
  };
}

/**
 * One more tick once the command ended, with a sweep of every process: a daemon it started just before
 * exiting is found (and named as a survivor) even when no periodic sweep came after it.
 */
async function lastTick(source: ProcessSource, recorder: Recorder, probes: ProbeChannel | null): Promise<void> {
  source.sweepNext();
  const time = epochMs() / 1000;
  const tick = await source.tick();
  recorder.record(time, tick, undefined, probes?.drain());
}
