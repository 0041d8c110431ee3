import { rmSync } from 'node:fs';
import { EXIT, MemprofError } from '../errors.js';
import { encodeCmdline, encodeHeader } from '../format/encode.js';
import type { Metric } from '../format/types.js';
import { DatWriter } from '../format/writer.js';
import { shellQuote } from '../sampler/procfs/parse.js';
import { Sampling } from '../sampler/sampling.js';
import { createSession, defaultInterval, resolveSource, samplingThreadAllowed, type SourceChoice } from '../sampler/select.js';
import { epochMs } from '../sampler/ticker.js';
import { forwardSignals } from '../spawn/signals.js';
import { exitStatus, startTarget, type Target } from '../spawn/target.js';
import { endAfter } from '../spawn/timeout.js';
import { formatSummary, formatSurvivors } from './run-summary.js';
import type { VerdictRequest } from './verdict.js';

export interface RunOptions {
  command: string[];
  multiprocess: boolean;
  includeChildren: boolean;
  /** null: the source's default. */
  intervalSeconds: number | null;
  metric: Metric;
  output: string | null;
  timeoutSeconds: number | null;
  source: SourceChoice;
  quiet: boolean;
  /** Budgets and summary files, judged on the finished recording. */
  budget: VerdictRequest;
}

export async function runCommand(options: RunOptions): Promise<number> {
  const sourceKind = resolveSource(options.source);
  if (sourceKind === 'ps' && options.metric !== 'rss') {
    throw new MemprofError(`--metric ${options.metric} needs Linux /proc; the ps source reads RSS only`, { exitCode: EXIT.usage });
  }
  const interval = options.intervalSeconds ?? defaultInterval(sourceKind);
  const writer = options.output ? DatWriter.create(options.output) : DatWriter.createDefault(new Date());
  let target: Target;
  try {
    target = await startTarget(options.command);
  } catch (error) {
    writer.close();
    rmSync(writer.path, { force: true }); // a command that never ran leaves no recording behind
    throw error;
  }
  return record(options, target, writer, sourceKind, interval);
}

async function record(options: RunOptions, target: Target, writer: DatWriter, kind: 'procfs' | 'ps', interval: number): Promise<number> {
  const followTree = options.multiprocess || options.includeChildren;
  const memScope = options.includeChildren ? 'tree' : 'root';
  const command = options.command.map(shellQuote).join(' ');
  writer.write(encodeHeader({
    version: 1, metric: options.metric, intervalSeconds: interval, memScope, perProcess: options.multiprocess, source: kind,
  }) + encodeCmdline(command));
  const { session, plan } = await createSession(kind, { rootPid: target.pid, rootCommand: command, followTree, metric: options.metric },
    { rootPid: target.pid, memScope, perProcess: options.multiprocess, followTree }, interval, writer);
  const sampling = new Sampling(session, samplingThreadAllowed() ? plan : null, interval * 1000, (failure) => {
    process.stderr.write(`memprof: ${failure}; recording stopped, the command goes on\n`);
  });
  const stopForwarding = forwardSignals(target);
  const timeout = options.timeoutSeconds === null ? null : endAfter(options.timeoutSeconds, target);
  sampling.start();
  const exit = await target.exited;
  // The thread may have sampled: what it hands back is the session now (the same fds, the same file).
  const { source, recorder, writer: finalWriter } = await sampling.stop();
  stopForwarding();
  const survivors = followTree ? await source.survivors() : [];
  const code = timeout?.fired() ? EXIT.timeout : exitStatus(exit);
  const failure = sampling.failure;
  if (failure === null) recorder.finish(epochMs() / 1000, code);
  finalWriter.close();
  if (survivors.length > 0) process.stderr.write(formatSurvivors(survivors, recorder));
  if (!options.quiet) {
    process.stderr.write(formatSummary({ recorder, metric: options.metric, file: writer.path, followTree, incomplete: failure !== null }));
  }
  await timeout?.end(() => source.survivors());
  source.close();
  // An incomplete recording judges no budget: the command's failure wins, else memprof's own (1).
  if (failure !== null) return code !== EXIT.ok ? code : EXIT.failure;
  return judge(writer.path, options.budget, code);
}

/** Budgets: exit 3 when one is exceeded and the command itself succeeded; the command's failure wins. */
async function judge(file: string, budget: VerdictRequest, code: number): Promise<number> {
  const { reportVerdict } = await import('./verdict.js'); // loaded only after the run: start-up stays lean
  const verdict = reportVerdict(file, budget, { commandExitCode: code });
  return code !== EXIT.ok ? code : (verdict ?? code);
}
