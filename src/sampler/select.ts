import { existsSync } from 'node:fs';
import { usageError } from '../errors.js';
import type { DatWriter } from '../format/writer.js';
import type { Cadence } from './procfs/source.js';
import { Recorder, type RecorderOptions } from './recorder.js';
import { procfsSession, type Session, type SessionPlan } from './session.js';
import type { SourceOptions } from './types.js';

export type SourceChoice = 'auto' | 'procfs' | 'ps';

export function procfsAvailable(): boolean {
  return existsSync('/proc/self/statm');
}

/** Which source a choice means on this machine; `--source procfs` without /proc is a usage error. */
export function resolveSource(choice: SourceChoice): 'procfs' | 'ps' {
  if (choice === 'ps') return 'ps';
  if (procfsAvailable()) return 'procfs';
  if (choice === 'procfs')
    throw usageError('--source procfs needs Linux /proc, which this machine does not have', 'use --source ps');
  return 'ps';
}

/** Default sampling period: /proc reads are cheap enough for 10 ms (docs/benchmarks.md); ps spawns `ps` each tick. */
export function defaultInterval(source: 'procfs' | 'ps'): number {
  return source === 'procfs' ? 0.01 : 0.1;
}

/**
 * Sweep /proc (orphans, other threads' children) about every 100 ms, whatever the period; read every
 * status (VmHWM) about every second, besides whenever a process's RSS changed (see statusDue).
 */
export function procfsCadence(intervalSeconds: number): Cadence {
  const ticksIn = (seconds: number): number => Math.max(1, Math.round(seconds / intervalSeconds));
  return { sweepEvery: ticksIn(0.1), statusEvery: ticksIn(1) };
}

/** What sampling works on; for procfs also the plan a sampling thread rebuilds the session from (ps: null). */
export async function createSession(
  kind: 'procfs' | 'ps',
  source: SourceOptions,
  recorder: RecorderOptions,
  intervalSeconds: number,
  writer: DatWriter,
): Promise<{ session: Session; plan: SessionPlan | null }> {
  if (kind === 'ps') {
    const { PsSource } = await import('./ps-source.js');
    return {
      session: { source: new PsSource(source), recorder: new Recorder((text) => writer.write(text), recorder), writer },
      plan: null,
    };
  }
  const plan: SessionPlan = { source, cadence: procfsCadence(intervalSeconds), intervalSeconds, recorder };
  return { session: procfsSession(plan, writer), plan };
}

/** `MEMPROF_SAMPLING_THREAD=0` keeps every tick on the main thread's timers (to compare, or to rule the thread out). */
export function samplingThreadAllowed(): boolean {
  return process.env.MEMPROF_SAMPLING_THREAD !== '0';
}
