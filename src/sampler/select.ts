import { existsSync } from 'node:fs';
import { usageError } from '../errors.js';
import { ProcfsSource } from './procfs/source.js';
import type { ProcessSource, SourceOptions } from './types.js';

export type SourceChoice = 'auto' | 'procfs' | 'ps';

export function procfsAvailable(): boolean {
  return existsSync('/proc/self/statm');
}

/** Which source a choice means on this machine; `--source procfs` without /proc is a usage error. */
export function resolveSource(choice: SourceChoice): 'procfs' | 'ps' {
  if (choice === 'ps') return 'ps';
  if (procfsAvailable()) return 'procfs';
  if (choice === 'procfs') throw usageError('--source procfs needs Linux /proc, which this machine does not have', 'use --source ps');
  return 'ps';
}

/** Default sampling period: measured in bench/ (see README); the ps source spawns `ps` every tick. */
export function defaultInterval(source: 'procfs' | 'ps'): number {
  return source === 'procfs' ? 0.01 : 0.1;
}

export async function createSource(kind: 'procfs' | 'ps', options: SourceOptions, intervalSeconds: number): Promise<ProcessSource> {
  if (kind === 'ps') {
    const { PsSource } = await import('./ps-source.js');
    return new PsSource(options);
  }
  // Sweep /proc (orphans, other threads' children) about every 100 ms, whatever the period; read every
  // status (VmHWM) about every second, besides whenever a process's RSS changed (see statusDue).
  const ticksIn = (seconds: number): number => Math.max(1, Math.round(seconds / intervalSeconds));
  return new ProcfsSource(options, { sweepEvery: ticksIn(0.1), statusEvery: ticksIn(1) }, intervalSeconds);
}
