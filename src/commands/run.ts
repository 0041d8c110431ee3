import { rmSync } from 'node:fs';
import { EXIT } from '../errors.js';
import { DatWriter } from '../format/writer.js';
import { shellQuote } from '../command-line.js';
import { catchSignals, type SignalRelay } from '../spawn/signals.js';
import { pythonScriptCommand, PYTHON } from '../spawn/python.js';
import { exitStatus, isFile, startTarget, type HeldStart, type Target } from '../spawn/target.js';
import type { RunCgroup } from '../platform/cgroup/acquire.js';
import { cgroupFor, heldInCgroup, removeRunCgroup, type CgroupMode } from './run-cgroup.js';
import { endAfter } from '../spawn/timeout.js';
import { runMark, RUN_MARK_VARIABLE } from '../spawn/run-mark.js';
import { ProbeChannel } from '../probe/channel.js';
import { probeEnvironment, probeFile } from '../probe/environment.js';
import { epochMs } from '../clock.js';
import {
  recordTree,
  resolveBudget,
  resolveSampling,
  type FirstReading,
  type Lifecycle,
  type RecordOptions,
  type SamplingChoice,
} from './record.js';
import type { VerdictRequest } from './verdict-due.js';
import * as stdio from '../stdio.js';

export interface RunOptions extends RecordOptions {
  command: string[];
  timeoutSeconds: number | null;
  /** mprof's --nopython: a `.py` program is started as a command, not with python3. */
  noPython: boolean;
  /** mprof's --python: its function timestamps, which memprof cannot record (a warning says so). */
  python: boolean;
  /** `--cgroup`: start the command in a cgroup of its own (auto: where one can be had). */
  cgroup: CgroupMode;
  /** Start every Node process of the tree with the heap probe (NODE_OPTIONS). */
  node: boolean;
}

export async function runCommand(options: RunOptions): Promise<number> {
  // Usage errors are found before the command starts.
  const sampling = await resolveSampling(options);
  const budget = resolveBudget(options.budget);
  // Up to here a signal ends memprof, which has no file and no command yet; from here on it reaches the command.
  const signals = catchSignals();
  const mark = runMark();
  let firstReading: FirstReading | null = null;
  const readAtSpawn = (pid: number): void => {
    const time = epochMs() / 1000;
    const bytes = sampling.platform.readMemoryOnce(pid, options.metric);
    if (bytes !== null) firstReading = { time, bytes };
  };
  const where = ProbeChannel.plan();
  const probe = options.node ? probeFile() : null;
  if (options.node && probe === null) stdio.stderr.write('memprof: warning: the Node probe is not built: no heaps\n');
  const env = probeEnvironment(
    { ...process.env, [RUN_MARK_VARIABLE]: mark.value },
    { channel: where?.path ?? null, probe, periodMs: Math.max(1, sampling.interval * 1000) },
  );
  // Made while the command starts, by the shim that holds it or else by a process of memprof's: a probe or a
  // mark that finds no FIFO yet tries again. true: the shim made it; false: memprof makes it; null: no run.
  let fifoMade: (how: boolean | null) => void = () => undefined;
  const opening = where && ProbeChannel.open(where, new Promise((resolve) => (fifoMade = resolve)));
  let started: Started;
  let cgroup: RunCgroup | null = null;
  try {
    cgroup = await cgroupFor(options.cgroup, sampling.platform, options.quiet);
    const hold = cgroup && heldInCgroup(cgroup, options.cgroup, options.quiet);
    if (!hold || !where) fifoMade(false);
    const fifo = where ? { path: where.path, made: fifoMade } : undefined;
    started = await startWithFile(options, env, readAtSpawn, hold ? { ...hold.held, fifo } : undefined);
    if (hold && !hold.joined()) cgroup = null;
  } catch (error) {
    signals.release();
    cgroup?.remove();
    // The channel's directory goes with it (or went already, when it could not be made).
    fifoMade(null);
    (await opening)?.close();
    throw error;
  }
  const channel = await opening;
  const nodeProbe = probe !== null && channel !== null;
  const run = { sampling, budget, started, signals, runMark: mark.entry, firstReading, cgroup, channel, nodeProbe };
  try {
    if (cgroup === null) return await recordStarted(options, run);
    // Whatever ends memprof from here on short of a kill, the leaf goes with it.
    const leaf = cgroup;
    const removeOnExit = (): void => void leaf.remove();
    process.once('exit', removeOnExit);
    try {
      return await recordStarted(options, run);
    } finally {
      process.off('exit', removeOnExit);
      removeRunCgroup(leaf);
    }
  } finally {
    channel?.close();
  }
}

/** A started command and what its recording needs. */
interface StartedRun {
  sampling: SamplingChoice;
  budget: VerdictRequest;
  started: Started;
  signals: SignalRelay;
  runMark: string;
  firstReading: FirstReading | null;
  cgroup: RunCgroup | null;
  /** The run's channel (marks, Node heaps); null when it could not be made. */
  channel: ProbeChannel | null;
  nodeProbe: boolean;
}

/** Record the started command until it ends; the exit code. */
function recordStarted(options: RunOptions, run: StartedRun): Promise<number> {
  const { sampling, budget, started, signals, runMark, firstReading, cgroup, channel, nodeProbe } = run;
  const { target, writer, argv } = started;
  signals.forwardTo(target);
  void target.exited.then(() => signals.release());
  const command = argv.map(shellQuote).join(' ');
  // The command leads a session of its own: its members are the tree's, orphans included.
  const root = {
    pid: target.pid,
    command,
    sessionId: target.pid,
    runMark,
    firstReading,
    cgroup: cgroup?.place,
    channel,
    nodeProbe,
  };
  return recordTree({ ...options, budget }, sampling, root, writer, () => lifecycle(target, options.timeoutSeconds));
}

interface Started {
  target: Target;
  writer: DatWriter;
  argv: string[];
}

/** Create the file first (it may exist already), then start the command; one that never ran leaves no file. */
async function startWithFile(
  options: RunOptions,
  env: NodeJS.ProcessEnv,
  atSpawn?: (pid: number) => void,
  held?: HeldStart,
): Promise<Started> {
  const writer = options.output ? DatWriter.create(options.output) : DatWriter.createDefault(new Date());
  const argv = startingArgv(options);
  try {
    return { target: await startTarget(argv, env, atSpawn, held), writer, argv };
  } catch (error) {
    writer.close();
    rmSync(writer.path, { force: true });
    throw error;
  }
}

/** The command line to start: mprof's rule for a `.py` program, said on stderr when it applies. */
function startingArgv(options: RunOptions): string[] {
  if (options.python) {
    stdio.stderr.write(
      "memprof: --python: mprof's function timestamps (@profile) are recorded by mprof only; " +
        'memprof records the processes\n',
    );
  }
  const script = options.noPython ? null : pythonScriptCommand(options.command, isFile);
  if (script && !options.quiet) {
    stdio.stderr.write(
      `memprof: running ${options.command[0]} with ${PYTHON}, as mprof does (--nopython runs it as a command)\n`,
    );
  }
  return script ?? options.command;
}

/** The run ends when the command exits (124 when --timeout ended it). */
function lifecycle(target: Target, timeoutSeconds: number | null): Lifecycle {
  const timeout = timeoutSeconds === null ? null : endAfter(timeoutSeconds, target);
  return {
    ended: target.exited.then((exit) => {
      timeout?.disarm();
      return { exitCode: timeout?.fired() ? EXIT.timeout : exitStatus(exit), rootEnded: true };
    }),
    after: async (survivors) => {
      await timeout?.end(survivors);
    },
  };
}
