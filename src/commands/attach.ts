import type { AttachTarget, Platform } from '../platform/platform.js';
import { matchProcess } from '../attach/match.js';
import { MemprofError, EXIT } from '../errors.js';
import { DatWriter } from '../format/writer.js';
import {
  recordTree,
  resolveBudget,
  resolveSampling,
  type Ending,
  type Lifecycle,
  type RecordOptions,
} from './record.js';
import * as stdio from '../stdio.js';

export interface AttachOptions extends RecordOptions {
  /** A pid, or a process name. */
  target: string;
  /** null: mprof's default for attaching, an hour. */
  timeoutSeconds: number | null;
}

/** mprof stops an attached recording after an hour unless told otherwise; so does memprof. */
export const ATTACH_TIMEOUT_SECONDS = 3600;

const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Record a process that is already running, and its tree, until it exits, memprof is stopped (Ctrl-C)
 * or the timeout passes. The process was not started by memprof, so it is never signalled, and its exit
 * status is not known: the exit code is 0, or 3 over a budget.
 */
export async function attachCommand(options: AttachOptions): Promise<number> {
  const sampling = await resolveSampling(options);
  const budget = resolveBudget(options.budget);
  const { platform } = sampling;
  const target = await findTarget(options.target, platform);
  if (!platform.metricReadable(target.pid, options.metric)) {
    throw new MemprofError(
      `cannot read the ${options.metric.toUpperCase()} of pid ${target.pid}: /proc/${target.pid}/smaps_rollup ` +
        'is readable only by its own user and root',
      { exitCode: EXIT.usage, hint: 'use --metric rss, or run memprof as that user' },
    );
  }
  const writer = options.output ? DatWriter.create(options.output) : DatWriter.createDefault(new Date());
  const timeout = options.timeoutSeconds ?? ATTACH_TIMEOUT_SECONDS;
  if (!options.quiet) {
    stdio.stderr.write(
      `memprof: attached to pid ${target.pid} (${target.command}); recording until it exits, ` +
        `Ctrl-C, or --timeout ${timeout} s\n`,
    );
  }
  // memprof did not start it, so its environment carries no mark of the run.
  const root = { ...target, runMark: null };
  return recordTree({ ...options, budget }, sampling, root, writer, () => lifecycle(target.pid, platform, timeout));
}

async function findTarget(hint: string, platform: Platform): Promise<AttachTarget> {
  if (!/^\d+$/.test(hint)) {
    const { pid } = matchProcess(await platform.listProcesses(), hint, process.pid);
    hint = String(pid);
  }
  const pid = Number(hint);
  if (pid === process.pid) throw new MemprofError('memprof cannot attach to itself', { exitCode: EXIT.usage });
  const target = await platform.describeProcess(pid);
  if (target === null) {
    throw new MemprofError(`no running process has pid ${pid}`, {
      exitCode: EXIT.usage,
      hint: `check it with \`ps -p ${pid}\``,
    });
  }
  return target;
}

/** Ends when the process is gone, on a stop signal, or at the timeout; the process itself is left alone. */
function lifecycle(pid: number, platform: Platform, timeoutSeconds: number): Lifecycle {
  const watch = platform.watchExit(pid);
  let stop: (ending: Ending) => void = () => undefined;
  const stopped = new Promise<Ending>((resolve) => {
    stop = resolve;
  });
  const detach = (why: string): void => {
    stdio.stderr.write(`memprof: ${why}; recording stopped, pid ${pid} goes on\n`);
    stop({ exitCode: null, rootEnded: false });
  };
  const handlers = STOP_SIGNALS.map((signal) => {
    const handler = (): void => detach(`${signal} received`);
    process.on(signal, handler);
    return () => process.off(signal, handler);
  });
  const timer = setTimeout(() => detach(`--timeout ${timeoutSeconds} s reached`), timeoutSeconds * 1000);
  const ended = Promise.race([watch.gone.then((): Ending => ({ exitCode: null, rootEnded: true })), stopped]);
  return {
    ended: ended.finally(() => {
      clearTimeout(timer);
      watch.cancel();
      for (const remove of handlers) remove();
    }),
    after: async () => undefined,
  };
}
