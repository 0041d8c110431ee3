// The probe every Node process of a run loads through NODE_OPTIONS (`--require`; scripts/bundle.mjs builds
// it as node-probe.cjs): it sends its isolate's heap to memprof's channel at the sampling period while the
// heap moves, and ten times less often while it stays still (each timer wake-up of an idle process is most
// of what the probe costs: bench/node-probe.ts). It never writes to the process's stdout or stderr, never
// keeps it alive (an unref'd timer, a plain fd) and gives up quietly when the channel is gone. Loaded in the
// main thread and again in every worker thread.
import { closeSync, constants, openSync, writeSync } from 'node:fs';
import { CHANNEL_VARIABLE, endWire, heapWire, PERIOD_VARIABLE, v8Wire, type V8Figures } from './wire.js';

/**
 * getHeapStatistics() from this long into the process's life, and then as often: loading node:v8 adds
 * about 1.7 MiB of RSS (0.6 MiB of it private), which a short-lived process is spared. MEMPROF_NODE_V8_EVERY (ms) sets it, for tests.
 */
const V8_EVERY_MS = Number(process.env.MEMPROF_NODE_V8_EVERY) || 5000;
/** A heap that moved less than this (used and external) since the last sample is still. */
const STILL_BYTES = 256 * 1024;
/** After this many still samples in a row, the probe samples SLOW_FACTOR times less often, until it moves. */
const STILL_SAMPLES = 5;
const SLOW_FACTOR = 10;
/** Opening a channel that is not there yet (memprof still making it) is tried this many times. */
const OPEN_TRIES = 200;
const LOADED = Symbol.for('memprof.node-probe');

interface ProbeGlobal {
  [LOADED]?: true;
}

/** The thread's id, without loading worker_threads in a main thread (that costs milliseconds at start). */
function threadId(): number {
  const loaded = (process as unknown as { moduleLoadList?: string[] }).moduleLoadList;
  if (Array.isArray(loaded) && !loaded.includes('NativeModule worker_threads')) return 0;
  return (require('node:worker_threads') as typeof import('node:worker_threads')).threadId;
}

function start(path: string, periodMs: number): void {
  const thread = threadId();
  let fd: number | null = null;
  let tries = 0;
  let stopped = false;
  let lastV8 = Date.now();
  let still = 0;
  let used = -Infinity;
  let external = -Infinity;
  let timer: NodeJS.Timeout | undefined;

  const stop = (): void => {
    stopped = true;
    clearInterval(timer);
    if (fd !== null) closeSync(fd);
    fd = null;
  };
  const every = (ms: number): void => {
    clearInterval(timer);
    timer = setInterval(sample, ms);
    timer.unref();
  };
  /** A whole line or nothing: a full pipe drops the sample rather than block the process. */
  const send = (text: string): void => {
    if (stopped) return;
    if (fd === null) {
      try {
        fd = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
      } catch {
        if (++tries >= OPEN_TRIES) stop();
        return;
      }
    }
    try {
      writeSync(fd, text);
    } catch (error) {
      // EAGAIN: the pipe is full, this sample is lost; anything else (EPIPE: memprof is gone) ends the probe.
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') stop();
    }
  };
  /** The pace follows the heap: the period while it moves, SLOW_FACTOR periods once it stayed still. */
  const pace = (heap: NodeJS.MemoryUsage): void => {
    const moved = Math.abs(heap.heapUsed - used) >= STILL_BYTES || Math.abs(heap.external - external) >= STILL_BYTES;
    used = heap.heapUsed;
    external = heap.external;
    if (moved) {
      if (still >= STILL_SAMPLES) every(periodMs);
      still = 0;
    } else if (++still === STILL_SAMPLES) every(periodMs * SLOW_FACTOR);
  };
  const sample = (): void => {
    if (stopped) return;
    const now = Date.now();
    const heap = process.memoryUsage();
    let text = heapWire(process.pid, thread, now, heap);
    if (now - lastV8 >= V8_EVERY_MS) {
      lastV8 = now;
      const v8 = require('node:v8') as { getHeapStatistics(): V8Figures };
      text += v8Wire(process.pid, thread, now, v8.getHeapStatistics());
    }
    send(text);
    pace(heap);
  };

  every(periodMs);
  sample();
  process.once('exit', () => {
    sample();
    stop();
  });
  // A worker stopped by terminate() runs no exit handler of its own: its parent says it ended.
  process.on('worker', (worker: { threadId: number; once(event: 'exit', listener: () => void): unknown }) => {
    const id = worker.threadId;
    worker.once('exit', () => send(endWire(process.pid, id, Date.now())));
  });
}

/** memprof's own CLI (`memprof mark` in the tree, a nested run): a tool, not part of the program measured. */
const MEMPROF_BIN = /(^|[\\/])memprof(\.js)?$/;

function install(): void {
  const path = process.env[CHANNEL_VARIABLE];
  const periodMs = Number(process.env[PERIOD_VARIABLE]);
  const global = globalThis as ProbeGlobal;
  if (!path || !(periodMs > 0) || global[LOADED] || MEMPROF_BIN.test(process.argv[1] ?? '')) return;
  global[LOADED] = true;
  try {
    start(path, Math.max(1, Math.round(periodMs)));
  } catch {
    // The probe must never break the program it watches.
  }
}

install();
