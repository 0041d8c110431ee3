import { builtin } from '../builtin.js';
import { monotonicMs } from '../clock.js';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type * as WorkerThreads from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import type { DatDecoder, DecodedRuns } from './decode.js';
import { DatError } from './errors.js';
import type { SampleStore } from './run-builder.js';
import {
  FAILURE,
  META,
  SHARE,
  SLOT,
  SLOT_SIZE,
  type SlotSize,
  SLOTS,
  setState,
  slotMemory,
  tapeOf,
  waitWhile,
  type Tape,
} from './tape.js';
import type { ProcessMeta } from './types.js';

/** Regular files at least this large are scanned by a thread of their own: below, starting one costs more. */
export const PARALLEL_BYTES = 32 * 1024 * 1024;
/** How long a scanning thread may take to start before the file is read by the calling thread alone. */
const START_MS = 5000;

const SCANNER = new URL('./scan-thread.js', import.meta.url);

/** Loaded for a large file only: the module takes milliseconds to load, and `run` reads back a small one. */
const workerThreads = (): typeof WorkerThreads => builtin<typeof WorkerThreads>('node:worker_threads');

/** The scanning thread, started by the first parallel read and kept for the next: each start costs tens of ms. */
let scanThread: WorkerThreads.Worker | null = null;

function scanner(): WorkerThreads.Worker {
  if (scanThread) return scanThread;
  const worker = new (workerThreads().Worker)(SCANNER);
  // Idle between reads, it keeps nothing alive.
  worker.unref();
  // A thread that failed to start leaves its read to the calling thread (after START_MS); the next starts another.
  worker.on('error', () => {});
  worker.on('exit', () => {
    if (scanThread === worker) scanThread = null;
  });
  scanThread = worker;
  return worker;
}

/** A thread that missed a start or an end is not trusted with another read. */
function dropScanner(): void {
  void scanThread?.terminate();
  scanThread = null;
}

/**
 * Read a recording with a second thread scanning its lines (scan-thread.ts) while this one folds the lines
 * scanned before: the two halves of the work overlap. `fd` is at the file's start; at most `limit` bytes
 * are read; `size` is for tests. Null when the thread could not start: nothing was read, and the caller
 * reads the file alone.
 */
export function streamInParallel<P extends ProcessMeta, S extends SampleStore<P>>(
  fd: number,
  name: string,
  decoder: DatDecoder<P, S>,
  limit: number,
  size: SlotSize = SLOT_SIZE,
): DecodedRuns<P, S> | null {
  if (!existsSync(fileURLToPath(SCANNER))) return null;
  const slots = Array.from({ length: SLOTS }, () => slotMemory(size));
  const tapes = slots.map((memory) => tapeOf(memory, size));
  const { port1, port2 } = new (workerThreads().MessageChannel)();
  const share = new Int32Array(new SharedArrayBuffer(4));
  share[0] = SHARE.start;
  const meta = tapes[0]!.meta;
  scanner().postMessage({ fd, limit, slots, size, port: port2, share }, [port2]);
  let started = false;
  try {
    started = Atomics.wait(meta, META.started, 0, START_MS) !== 'timed-out';
    return started ? fold(tapes, port1, name, decoder, share) : null;
  } finally {
    // Stops a thread still scanning when a line was refused: it reads no more of a descriptor the caller closes.
    for (const tape of tapes) setState(tape, SLOT.failed);
    if (!started || Atomics.wait(meta, META.done, 0, START_MS) === 'timed-out') dropScanner();
    port1.close();
  }
}

/** Fold the slots in turn as the thread fills them, handing each back; the decoder's runs at the last. */
function fold<P extends ProcessMeta, S extends SampleStore<P>>(
  tapes: Tape[],
  port: MessagePort,
  name: string,
  decoder: DatDecoder<P, S>,
  share: Int32Array,
): DecodedRuns<P, S> {
  const huge = (): { line: Buffer | null; unfinished: number } => {
    const message = workerThreads().receiveMessageOnPort(port)?.message as {
      line: Uint8Array | null;
      unfinished: number;
    };
    return { line: message.line && Buffer.from(message.line), unfinished: message.unfinished };
  };
  for (let k = 0; ; k = (k + 1) % tapes.length) {
    const tape = tapes[k]!;
    const asked = monotonicMs();
    const state = waitWhile(tape, SLOT.free);
    const waited = (monotonicMs() - asked) * 1000;
    if (state === SLOT.failed) throw failure(tape, port, name, decoder);
    decoder.counted(tape.meta[META.read]!);
    const unfinished = decoder.tape(tape, huge);
    // The whole lines past the scanner's share: decoded here, in order after the tape's.
    const scannedTo = tape.meta[META.scannedTo]!;
    const whole = tape.meta[META.whole]!;
    if (scannedTo < whole) decoder.lines(tape.bytes, scannedTo, whole);
    rebalance(share, waited, tape.meta[META.waited]!);
    if (state === SLOT.last) return { ...decoder.finish(unfinished), scannedByThread: true };
    setState(tape, SLOT.free);
  }
}

/** The one that waited longer for the other takes more of the scanning: the reader here, or the scanner. */
function rebalance(share: Int32Array, readerWaited: number, scannerWaited: number): void {
  const now = share[0]!;
  const next = readerWaited > scannerWaited ? now - SHARE.step : now + SHARE.step;
  Atomics.store(share, 0, Math.min(SHARE.most, Math.max(SHARE.least, next)));
}

function failure<P extends ProcessMeta, S extends SampleStore<P>>(
  tape: Tape,
  port: MessagePort,
  name: string,
  decoder: DatDecoder<P, S>,
): DatError {
  switch (tape.meta[META.failure]) {
    case FAILURE.binary:
      return new DatError(name, 'binary data, not a recording');
    case FAILURE.longLine:
      return new DatError(name, 'a line longer than 64 MiB: not a recording', decoder.nextLine);
    default: {
      const detail = workerThreads().receiveMessageOnPort(port)?.message;
      return new DatError(name, `cannot read (${String(detail ?? 'unknown error')})`);
    }
  }
}
