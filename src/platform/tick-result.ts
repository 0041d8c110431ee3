import type { TickResult } from './types.js';

/** A tick that found nothing; `over` fills in what it did find. */
export function tickResult(over: Partial<TickResult> = {}): TickResult {
  return {
    appeared: [],
    renamed: [],
    readings: [],
    vanished: [],
    highWater: [],
    unreadable: [],
    paceSeconds: null,
    ...over,
  };
}

/** Empty a reused result in place: a procfs tick allocates no new arrays. */
export function clearTickResult(result: TickResult): void {
  result.appeared.length = 0;
  result.renamed.length = 0;
  result.readings.length = 0;
  result.vanished.length = 0;
  result.highWater.length = 0;
  result.unreadable.length = 0;
  result.paceSeconds = null;
}
