import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Keeps the sampling thread's heap flat. The thread never returns to an event loop, so V8's idle-time
 * and memory-reducer collections never run there: garbage promoted to the old generation waits for the
 * old generation's limit, and under process churn the heap grows for minutes with no collection. So the
 * thread looks at its old generation now and then and collects it once it has grown.
 */
export class HeapKeeper {
  private nextCheckMs: number;
  private baseline: number;

  constructor(
    private readonly collect: () => void,
    private readonly oldBytes: () => number,
    nowMs: number,
    private readonly growthBytes = 1024 * 1024,
    private readonly everyMs = 10_000,
  ) {
    this.nextCheckMs = nowMs + everyMs;
    this.baseline = oldBytes();
  }

  /** Called after each tick: cheap until a check is due. Returns whether it collected. */
  maybeCollect(nowMs: number): boolean {
    if (nowMs < this.nextCheckMs) return false;
    this.nextCheckMs = nowMs + this.everyMs;
    if (this.oldBytes() < this.baseline + this.growthBytes) return false;
    this.collect();
    this.baseline = this.oldBytes();
    return true;
  }
}

/** Bytes used by everything but the young generation: what only a full collection frees. */
export function oldGenerationBytes(): number {
  let bytes = 0;
  for (const space of getHeapSpaceStatistics()) {
    if (space.space_name !== 'new_space' && space.space_name !== 'new_large_object_space')
      bytes += space.space_used_size;
  }
  return bytes;
}

/**
 * A full collection of this thread's heap, or null when this Node does not allow it. The flag is set only
 * while one new context is made, so `gc` is defined in no other context, in this thread or any other.
 */
export function fullCollection(): (() => void) | null {
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? () => void gc() : null;
  } catch {
    return null;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
}
