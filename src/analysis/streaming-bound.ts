import type { Lifetime } from './upper-bound.js';

export interface StreamingBoundState {
  live: Map<number, Lifetime>;
  candidates: Candidate[];
}

/** A moment the total can peak at (a process start), with the final weights of ended processes alive then. */
interface Candidate {
  at: number;
  ended: number;
}

/**
 * `maxConcurrentSum` computed as processes come and go, in memory that does not grow with the number of
 * processes. The sum of weights of processes alive at t only rises at a start, so the bound is the best
 * sum at some start. For two starts p < q, whatever can still raise p's sum (a live process that began by
 * p raising its high-water mark) raises q's as well, and later processes start after both: once q's sum
 * is at least p's, p can never be the answer and is dropped. What stays is short and strictly decreasing.
 */
export class StreamingBound {
  /** Live processes in start order (Map keeps insertion order, and starts arrive in time order). */
  private readonly live: Map<number, Lifetime>;
  private candidates: Candidate[];

  /** A fresh bound, or one carried on from `state` (sampling moves to another thread). */
  constructor(state?: StreamingBoundState) {
    this.live = state?.live ?? new Map();
    this.candidates = state?.candidates ?? [];
  }

  /** Everything the bound knows, as plain data that can be copied to another thread. */
  get state(): StreamingBoundState {
    return { live: this.live, candidates: this.candidates };
  }

  start(pid: number, time: number): void {
    this.live.set(pid, { from: time, to: Infinity, bytes: 0 });
    this.candidates.push({ at: time, ended: 0 });
  }

  raise(pid: number, bytes: number): void {
    const life = this.live.get(pid);
    if (life && bytes > life.bytes) life.bytes = bytes;
  }

  end(pid: number): void {
    const life = this.live.get(pid);
    if (!life) return;
    this.live.delete(pid);
    for (const c of this.candidates) if (c.at >= life.from) c.ended += life.bytes;
    this.prune();
  }

  /** The bound so far: live processes counted with their high-water marks until now. */
  get bytes(): number {
    return this.sums().reduce((best, sum) => Math.max(best, sum), 0);
  }

  /** Each candidate's sum now: its ended part plus the live processes that began by then. */
  private sums(): number[] {
    const lives = [...this.live.values()];
    const sums: number[] = [];
    let i = 0;
    let liveSum = 0;
    for (const c of this.candidates) {
      while (i < lives.length && lives[i]!.from <= c.at) liveSum += lives[i++]!.bytes;
      sums.push(c.ended + liveSum);
    }
    return sums;
  }

  private prune(): void {
    const sums = this.sums();
    const kept: Candidate[] = [];
    let bestLater = -Infinity;
    for (let k = this.candidates.length - 1; k >= 0; k--) {
      if (sums[k]! > bestLater) kept.push(this.candidates[k]!);
      bestLater = Math.max(bestLater, sums[k]!);
    }
    this.candidates = kept.reverse();
  }
}
