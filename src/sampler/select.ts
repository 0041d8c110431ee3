import type { DatWriter } from '../format/writer.js';
import type { Platform } from '../platform/platform.js';
import { procfsCadence } from '../platform/procfs/source.js';
import type { SourceOptions } from '../platform/types.js';
import { Recorder, type RecorderOptions } from './recorder.js';
import { procfsSession, type SamplingSetup } from './session.js';

/**
 * What sampling works on. A source whose state another thread of this process can carry on (kept-open
 * /proc fds) also gets the plan the sampling thread rebuilds the session from.
 */
export async function createSession(
  platform: Platform,
  source: SourceOptions,
  recorder: RecorderOptions,
  intervalSeconds: number,
  writer: DatWriter,
): Promise<SamplingSetup> {
  if (platform.threadable) {
    const plan = { source, cadence: procfsCadence(intervalSeconds), intervalSeconds, recorder };
    return { session: procfsSession(plan, writer), plan };
  }
  const session = {
    source: await platform.createSource(source, intervalSeconds),
    recorder: new Recorder((text) => writer.write(text), recorder),
    writer,
  };
  return { session, plan: null };
}

/** `MEMPROF_SAMPLING_THREAD=0` keeps every tick on the main thread's timers (to compare, or to rule the thread out). */
export function samplingThreadAllowed(): boolean {
  return process.env.MEMPROF_SAMPLING_THREAD !== '0';
}
