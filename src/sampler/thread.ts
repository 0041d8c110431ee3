import type * as WorkerThreads from 'node:worker_threads';
import { builtin } from '../builtin.js';
import { epochBase } from '../clock.js';
import type { PeriodNote, SessionPlan, SessionState } from './session.js';
import type { TickerPosition } from './ticker.js';

/** The shared word the sampling thread sleeps on: RUNNING until the main thread asks it to stop. */
export const RUNNING = 0;
export const STOP = 1;

/**
 * A small young generation: the thread allocates little, and V8's default one grew in steps under churn,
 * each step kept as RSS (bench/rss.ts shows it). The old generation is left uncapped, since a cap low
 * enough to matter runs out of memory on a large tree; heap-keeper.ts collects it instead.
 */
const THREAD_HEAP_LIMITS = { maxYoungGenerationSizeMb: 2 };

/** Loaded as the thread starts: the module takes milliseconds to load, which a run too short for a thread skips. */
const workerThreads = (): typeof WorkerThreads => builtin<typeof WorkerThreads>('node:worker_threads');

/** What the thread starts with: the word it sleeps on, and the base of the main thread's epoch clock. */
export interface ThreadData {
  flag: Int32Array;
  epochBaseMs: number;
}

/** What the main thread hands over: how to rebuild the session, its state, and where the schedule is. */
export interface Handoff {
  plan: SessionPlan;
  state: SessionState;
  position: TickerPosition;
}

/** What the thread says while it samples: the period changed (for the note on stderr). */
export type ThreadNews = { type: 'period'; note: PeriodNote };

/** How the thread's sampling ended: its session's state to go on from, and the failure that ended it early. */
export type ThreadOutcome =
  | { type: 'stopped'; state: SessionState; failure: string | null }
  | { type: 'crashed'; message: string };

/**
 * The main thread's handle on the sampling thread (thread-worker.ts). `ready` resolves once the thread has
 * loaded its code, `ended` once it has stopped, failed or died.
 */
export class SamplingThread {
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));
  private readonly worker: WorkerThreads.Worker;
  readonly ready: Promise<void>;
  readonly ended: Promise<ThreadOutcome>;

  private constructor(onNews: (news: ThreadNews) => void) {
    // stdout/stderr: true, else Node pipes the thread's output into process.stdout/stderr, which opens fd 2 as a
    // non-blocking pipe, and the command shares that file: its large writes to stderr then fail with EAGAIN.
    this.worker = new (workerThreads().Worker)(new URL('./thread-worker.js', import.meta.url), {
      workerData: { flag: this.flag, epochBaseMs: epochBase() } satisfies ThreadData,
      stdout: true,
      stderr: true,
      resourceLimits: THREAD_HEAP_LIMITS,
      // The /proc fds the thread opens belong to the session it hands back; by default Node closes a
      // worker's fs.openSync fds when it exits, which left the main thread reading (and later closing)
      // dead or reused fd numbers.
      trackUnmanagedFds: false,
    });
    this.ready = new Promise((resolve) => this.worker.once('message', () => resolve()));
    this.ended = new Promise((resolve) => {
      this.worker.on('message', (message: ThreadOutcome | ThreadNews | { type: 'ready' }) => {
        if (message.type === 'stopped') resolve(message);
        else if (message.type === 'period') onNews(message);
      });
      this.worker.once('error', (error) => resolve({ type: 'crashed', message: error.message }));
      this.worker.once('exit', (code) => resolve({ type: 'crashed', message: `it exited with code ${code}` }));
    });
  }

  /** A new thread, or null when this Node cannot start one: sampling then stays on the main thread. */
  static start(onNews: (news: ThreadNews) => void): SamplingThread | null {
    try {
      return new SamplingThread(onNews);
    } catch {
      return null;
    }
  }

  handOff(handoff: Handoff): void {
    this.worker.postMessage(handoff);
  }

  /** Wake the thread and wait for its state: it finishes the tick it is in, if any, and sends it. */
  async stop(): Promise<ThreadOutcome> {
    Atomics.store(this.flag, 0, STOP);
    Atomics.notify(this.flag, 0);
    const outcome = await this.ended;
    void this.worker.terminate();
    return outcome;
  }

  /** Drop a thread that was never handed the session (the command ended first). */
  cancel(): void {
    this.worker.unref();
    void this.worker.terminate();
  }
}
