import { maxConcurrentSum, type Lifetime } from '../analysis/upper-bound.js';

/**
 * Ended processes' lives, kept compactly (three doubles each) until the end of the run, when the peak's
 * upper bound is computed once. State grows with the number of processes, never with samples.
 */
export class LifetimeLog {
  private data = new Float64Array(3 * 64);
  private count = 0;

  push(life: Lifetime): void {
    if (3 * (this.count + 1) > this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data.set([life.from, life.to, life.bytes], 3 * this.count++);
  }

  /** The largest sum over overlapping lives, these and `others` (still alive) together. */
  maxConcurrentSum(others: Iterable<Lifetime>): number {
    const lives: Lifetime[] = [...others];
    for (let i = 0; i < this.count; i++) {
      lives.push({ from: this.data[3 * i]!, to: this.data[3 * i + 1]!, bytes: this.data[3 * i + 2]! });
    }
    return maxConcurrentSum(lives);
  }
}
