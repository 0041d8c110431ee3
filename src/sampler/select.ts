import type { DatWriter } from '../format/writer.js';
import type { Platform } from '../platform/platform.js';
import { procfsCadence } from '../platform/procfs/source.js';
import type { SourceOptions } from '../platform/types.js';
import { AdaptivePeriod, PERIOD_BUDGET } from './period.js';
import { Recorder, type RecorderOptions } from './recorder.js';
import { procfsSession, type SamplingSetup } from './session.js';
import type { ProbeChannel } from '../probe/channel.js';

/**
 * What sampling works on. A source whose state another thread of this process can carry on (kept-open
 * /proc fds) also gets the plan the sampling thread rebuilds the session from, and a period that lengthens
 * for a large tree when `adaptive`. Another source's period stays as requested: its cost is mostly not
 * memprof's own (ps runs in a process of its own).
 */
export async function createSession(
  platform: Platform,
  source: SourceOptions,
  recorder: RecorderOptions,
  intervalSeconds: number,
  writer: DatWriter,
  probes: ProbeChannel | null = null,
  adaptive = true,
): Promise<SamplingSetup> {
  if (platform.threadable) {
    const periodBudget = adaptive ? periodBudgetFrom() : null;
    const plan = {
      source,
      cadence: procfsCadence(intervalSeconds),
      intervalSeconds,
      periodBudget,
      recorder,
      probes: probes?.state ?? null,
    };
    return { session: procfsSession(plan, writer), plan };
  }
  const session = {
    source: await platform.createSource(source, intervalSeconds),
    recorder: new Recorder((text) => writer.write(text), recorder),
    writer,
    probes,
    period: new AdaptivePeriod(intervalSeconds * 1000, null),
  };
  return { session, plan: null };
}

/**
 * The sampler's CPU budget, a share of one core: `MEMPROF_PERIOD_BUDGET=<share>` (above 0, at most 1) sets
 * it, for a test that needs a small tree to lengthen the period; else PERIOD_BUDGET.
 */
export function periodBudgetFrom(env: NodeJS.ProcessEnv = process.env): number {
  const given = Number(env.MEMPROF_PERIOD_BUDGET ?? NaN);
  return given > 0 && given <= 1 ? given : PERIOD_BUDGET;
}

/** `MEMPROF_SAMPLING_THREAD=0` keeps every tick on the main thread's timers (to compare, or to rule the thread out). */
export function samplingThreadAllowed(): boolean {
  return process.env.MEMPROF_SAMPLING_THREAD !== '0';
}

/**
 * Ticks on the main thread before the sampling thread starts. Starting it costs about as much CPU as it
 * then saves in a thousand ticks (its own isolate, and its copy of the sampling code to load and compile),
 * so a run shorter than that is cheaper without it, and a longer one pays at most twice the least it could.
 */
export const THREAD_AFTER_TICKS = 1000;

/**
 * How long sampling runs on the main thread before the sampling thread starts, in ms:
 * `MEMPROF_SAMPLING_THREAD_AFTER=<ms>` sets it (to compare, or for a test that cannot wait that long).
 */
export function threadStartDelayMs(intervalMs: number, env: NodeJS.ProcessEnv = process.env): number {
  const text = env.MEMPROF_SAMPLING_THREAD_AFTER;
  const given = text === undefined || text.trim() === '' ? NaN : Number(text);
  return Number.isFinite(given) && given >= 0 ? given : THREAD_AFTER_TICKS * intervalMs;
}
