import { existsSync } from 'node:fs';
import { usageError } from '../errors.js';
import type { Platform } from './platform.js';

export type SourceChoice = 'auto' | 'procfs' | 'ps';

export function procfsAvailable(): boolean {
  return existsSync('/proc/self/statm');
}

/**
 * The platform a `--source` choice means on this machine; `procfs` without /proc is a usage error. Each is
 * loaded only when chosen: the ps one brings pidtree and pidusage.
 */
export async function platformFor(choice: SourceChoice): Promise<Platform> {
  if (choice !== 'ps' && procfsAvailable()) return (await import('./procfs/platform.js')).procfsPlatform;
  if (choice === 'procfs') {
    throw usageError('--source procfs needs Linux /proc, which this machine does not have', 'use --source ps');
  }
  return (await import('./ps/platform.js')).psPlatform;
}
