import type { HeapFact } from '../format/run-builder.js';
import type { Span } from './reduce-stretches.js';

/** One bucket of the heap view: a Node process's RSS split into heap used, external and the rest. */
export interface HeapStackPoint {
  t: number;
  heapUsed: number;
  external: number;
  rest: number;
}

/** The heap view of one process: which, and its stack bucket by bucket. */
export interface HeapStackView {
  key: string;
  pid: number | null;
  command: string | null;
  points: HeapStackPoint[];
}

/**
 * `plot --heap`: one Node process's RSS as three stacked bands, heap used, external memory and the rest of
 * RSS (code, stacks, malloc outside V8), over the chart's buckets so the memory is the chart's, not the
 * file's. A bucket holds the highest RSS read in it and the heap sums (over the process's live isolates)
 * last known there; the bands are cut to the RSS so that they add up to it.
 */
export class HeapStack {
  private readonly rss: Float64Array;
  private readonly used: Float64Array;
  private readonly external: Float64Array;
  private readonly live = new Map<number, { heapUsed: number; external: number }>();
  private usedSum = 0;
  private externalSum = 0;

  constructor(
    readonly key: string,
    private readonly span: Span,
    private readonly buckets: number,
  ) {
    this.rss = new Float64Array(buckets).fill(-1);
    this.used = new Float64Array(buckets).fill(-1);
    this.external = new Float64Array(buckets).fill(-1);
  }

  private bucket(t: number): number {
    const width = Math.max(this.span.end - this.span.start, Number.MIN_VALUE);
    const b = Math.floor(((t - this.span.start) / width) * this.buckets);
    return b < 0 || b >= this.buckets ? -1 : b;
  }

  /** A sample of the process's RSS, `t` seconds from the run's start. */
  sample(t: number, bytes: number): void {
    const b = this.bucket(t);
    if (b >= 0 && bytes > this.rss[b]!) this.rss[b] = bytes;
  }

  /** One of its heap lines, `t` seconds from the run's start. */
  heap(t: number, fact: HeapFact): void {
    if (fact.type === 'V8') return;
    const old = this.live.get(fact.thread);
    if (old) {
      this.usedSum -= old.heapUsed;
      this.externalSum -= old.external;
      this.live.delete(fact.thread);
    }
    if (fact.type === 'HEAP') {
      this.live.set(fact.thread, { heapUsed: fact.heapUsed, external: fact.external });
      this.usedSum += fact.heapUsed;
      this.externalSum += fact.external;
    }
    const b = this.bucket(t);
    if (b < 0) return;
    this.used[b] = Math.max(this.used[b]!, this.usedSum);
    this.external[b] = Math.max(this.external[b]!, this.externalSum);
  }

  /** The buckets with an RSS reading once a heap is known, each with its three bands. */
  finish(pid: number | null, command: string | null): HeapStackView {
    const points: HeapStackPoint[] = [];
    const width = (this.span.end - this.span.start) / this.buckets;
    let used = -1;
    let external = -1;
    for (let b = 0; b < this.buckets; b++) {
      if (this.used[b]! >= 0) used = this.used[b]!;
      if (this.external[b]! >= 0) external = this.external[b]!;
      const rss = this.rss[b]!;
      if (rss < 0 || used < 0) continue;
      const heapUsed = Math.min(used, rss);
      const ext = Math.min(external, rss - heapUsed);
      points.push({ t: this.span.start + (b + 0.5) * width, heapUsed, external: ext, rest: rss - heapUsed - ext });
    }
    return { key: this.key, pid, command, points };
  }
}
