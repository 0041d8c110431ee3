// The probe every Node process of a run loads through NODE_OPTIONS (`--require`; scripts/bundle.mjs builds
// it as node-probe.cjs): it sends its isolate's heap to memprof's channel at the sampling period. It never
// writes to the process's stdout or stderr, never keeps it alive (an unref'd timer, a plain fd) and gives up
// quietly when the channel is gone. Loaded in the main thread and again in every worker thread.
import { closeSync, constants, openSync, writeSync } from 'node:fs';
import { CHANNEL_VARIABLE, endWire, heapWire, PERIOD_VARIABLE, v8Wire, type V8Figures } from './wire.js';

/** getHeapStatistics() is sent every this many samples, and at least once a second. */
const V8_EVERY_MS = 1000;
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
  let lastV8 = -Infinity;

  const stop = (): void => {
    stopped = true;
    clearInterval(timer);
    if (fd !== null) closeSync(fd);
    fd = null;
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
  const sample = (): void => {
    const now = Date.now();
    let text = heapWire(process.pid, thread, now, process.memoryUsage());
    if (now - lastV8 >= V8_EVERY_MS) {
      lastV8 = now;
      const v8 = require('node:v8') as { getHeapStatistics(): V8Figures };
      text += v8Wire(process.pid, thread, now, v8.getHeapStatistics());
    }
    send(text);
  };

  const timer = setInterval(sample, periodMs);
  timer.unref();
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
