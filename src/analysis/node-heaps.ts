import type { HeapFact } from '../format/run-builder.js';

/** A figure's largest value and when it was first reached (epoch seconds); bytes is 0 before any. */
export interface HeapPeak {
  bytes: number;
  time: number;
}

/** What one isolate said last: a process's heap is the sum over its isolates still alive. */
interface IsolateHeap {
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

const KINDS = ['heapUsed', 'heapTotal', 'external', 'arrayBuffers'] as const;
type HeapKind = (typeof KINDS)[number];

/**
 * One Node process's heap as its probe reported it: the sum over its isolates (the main thread and its
 * live worker threads) after each report, and the peak of each figure. A worker's heap stops counting at
 * its HEAPEND line.
 */
export class ProcessHeap {
  readonly peaks: Record<HeapKind, HeapPeak> = {
    heapUsed: { bytes: 0, time: NaN },
    heapTotal: { bytes: 0, time: NaN },
    external: { bytes: 0, time: NaN },
    arrayBuffers: { bytes: 0, time: NaN },
  };
  samples = 0;
  firstTime = NaN;
  lastTime = NaN;
  /** Isolates that ever reported, the main thread's included. */
  readonly threadsSeen = new Set<number>();
  /** From V8's statistics: the main thread's heap limit, the most malloced and the most detached contexts. */
  limitBytes: number | null = null;
  mallocedPeakBytes: number | null = null;
  detachedContextsPeak: number | null = null;
  private readonly live = new Map<number, IsolateHeap>();
  private readonly sums: IsolateHeap = { heapUsed: 0, heapTotal: 0, external: 0, arrayBuffers: 0 };

  add(fact: HeapFact): void {
    if (fact.type === 'HEAPEND') this.end(fact.thread);
    else if (fact.type === 'V8') this.v8(fact);
    else this.heap(fact.thread, fact, fact.time);
  }

  private heap(thread: number, heap: IsolateHeap, time: number): void {
    this.end(thread);
    const { heapUsed, heapTotal, external, arrayBuffers } = heap;
    const copy = { heapUsed, heapTotal, external, arrayBuffers };
    this.live.set(thread, copy);
    this.threadsSeen.add(thread);
    for (const kind of KINDS) {
      this.sums[kind] += copy[kind];
      const peak = this.peaks[kind];
      if (this.sums[kind] > peak.bytes) Object.assign(peak, { bytes: this.sums[kind], time });
    }
    if (this.samples++ === 0) this.firstTime = time;
    this.lastTime = time;
  }

  private end(thread: number): void {
    const old = this.live.get(thread);
    if (old === undefined) return;
    for (const kind of KINDS) this.sums[kind] -= old[kind];
    this.live.delete(thread);
  }

  private v8(fact: Extract<HeapFact, { type: 'V8' }>): void {
    if (fact.thread === 0) this.limitBytes = fact.limit;
    this.mallocedPeakBytes = Math.max(this.mallocedPeakBytes ?? 0, fact.malloced);
    this.detachedContextsPeak = Math.max(this.detachedContextsPeak ?? 0, fact.detachedContexts);
  }
}

/** Each Node process's heap, by process key: kept beside the processes, so their objects keep one shape. */
export class NodeHeaps {
  readonly byKey = new Map<string, ProcessHeap>();

  add(key: string, fact: HeapFact): void {
    let heap = this.byKey.get(key);
    if (heap === undefined) {
      heap = new ProcessHeap();
      this.byKey.set(key, heap);
    }
    heap.add(fact);
  }
}

/**
 * Whether a command line starts Node (its program is `node` or `nodejs`, by any path), other than memprof's
 * own CLI (`memprof mark`, which the probe leaves alone): such a process without heap lines was not probed
 * (it cleared NODE_OPTIONS, or the run did not probe). A program that renamed itself (process.title) is not
 * recognised.
 */
export function looksLikeNode(command: string | null): boolean {
  if (command === null) return false;
  const [program, script] = firstWords(command.trimStart());
  return /(^|\/)node(js)?(\d+)?$/.test(program) && !/(^|\/)memprof(\.js)?$/.test(script);
}

/** The first two words of a shell-quoted command line: a path with a space is in '...'. */
function firstWords(text: string): [string, string] {
  const word = (from: number): [string, number] => {
    if (text[from] === "'") {
      const end = text.indexOf("'", from + 1);
      return [text.slice(from + 1, end < 0 ? undefined : end), end < 0 ? text.length : end + 2];
    }
    const end = text.indexOf(' ', from);
    return [text.slice(from, end < 0 ? undefined : end), end < 0 ? text.length : end + 1];
  };
  const [program, next] = word(0);
  return [program, word(next)[0]];
}
