import { monotonicMs } from '../clock.js';
import { readSync } from 'node:fs';
import { type MessagePort, parentPort } from 'node:worker_threads';
import { SampleScanner } from './sample-scan.js';
import { FAILURE, KIND, META, SLOT, type SlotSize, setState, tapeOf, waitWhile, type Tape } from './tape.js';

// The scanning thread of a parallel read (see parallel-stream.ts): reads the file into the ring's slots in
// turn and writes each line's kind and fields to the slot's tape, while the reading thread folds the last.
// One thread serves every read of the process, a job (a ScanJob message) at a time.

const NEWLINE = 10;
/** No line memprof or mprof writes comes near this (as stream.ts says). */
const MAX_LINE_BYTES = 64 * 1024 * 1024;

interface ScanJob {
  /** The reader's descriptor of the file, read from where it stands (threads share descriptors). */
  fd: number;
  limit: number;
  slots: SharedArrayBuffer[];
  size: SlotSize;
  port: MessagePort;
  /** The share of the whole lines this thread scans (see SHARE). */
  share: Int32Array;
}

// The read being served; emptied after it, so an idle thread holds none of its memory.
let job = null as unknown as ScanJob;
let tapes: Tape[] = [];
let scanners: SampleScanner[] = [];

/** The lines of bytes[0, end) onto the tape, up to its capacity; where the unscanned rest begins. */
function scan(tape: Tape, scanner: SampleScanner, end: number): number {
  const { kinds, pids, nums, bytes } = tape;
  scanner.forget();
  let from = 0;
  let count = 0;
  while (from < end && count < job.size.lines) {
    const line = scanner.readLine(from, end);
    if (line.kind !== null) {
      kinds[count] = line.kind === 'MEM' ? KIND.mem : KIND.chld;
      pids[count] = line.pid;
      nums[2 * count] = line.bytes;
      nums[2 * count + 1] = line.time;
      count++;
      from = scanner.next;
      continue;
    }
    const to = bytes.indexOf(NEWLINE, from);
    if (to < 0 || to >= end) break;
    kinds[count] = to > from ? KIND.other : KIND.empty;
    nums[2 * count] = from;
    nums[2 * count + 1] = to;
    count++;
    from = to + 1;
  }
  tape.meta[META.count] = count;
  return from;
}

function fail(tape: Tape, failure: number, detail = ''): void {
  tape.meta[META.failure] = failure;
  if (detail) job.port.postMessage(detail);
  setState(tape, SLOT.failed);
}

function failed(tape: Tape, failure: number, detail = ''): null {
  fail(tape, failure, detail);
  return null;
}

/** Read up to `most` bytes into the buffer at `at`; the error's code on failure. */
function readInto(fd: number, buffer: Buffer, at: number, most: number): number | string {
  if (most <= 0) return 0;
  try {
    return readSync(fd, buffer, at, Math.min(buffer.length - at, most), null);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? 'unknown error';
  }
}

/** What follows a line longer than a slot: the rest of the piece where it ended, or the end of the file. */
type AfterHuge = { rest: Buffer } | { end: true } | null;

/**
 * A line longer than a slot: read on until its newline and hand it over whole through the port (the tape
 * holds one entry of kind huge); at the end of the file it is unfinished, and handed over as such. Null
 * when reading failed or it grew past MAX_LINE_BYTES (the tape then failed).
 */
function hugeLine(fd: number, tape: Tape, start: Buffer, left: { bytes: number }): AfterHuge {
  const parts = [start];
  let length = start.length;
  for (;;) {
    const piece = Buffer.allocUnsafe(job.size.bytes);
    const n = readInto(fd, piece, 0, left.bytes);
    if (typeof n === 'string') return failed(tape, FAILURE.read, n);
    left.bytes -= n;
    tape.meta[META.read]! += n;
    if (n === 0) {
      job.port.postMessage({ line: null, unfinished: length });
      return { end: true };
    }
    const read = piece.subarray(0, n);
    if (read.indexOf(0) >= 0) return failed(tape, FAILURE.binary);
    const newline = read.indexOf(NEWLINE);
    const taken = newline < 0 ? n : newline;
    parts.push(read.subarray(0, taken));
    length += taken;
    if (length > MAX_LINE_BYTES) return failed(tape, FAILURE.longLine);
    if (newline >= 0) {
      job.port.postMessage({ line: Buffer.concat(parts, length), unfinished: 0 });
      return { rest: Buffer.from(read.subarray(newline + 1)) };
    }
  }
}

/** The slot being written: where an unexpected error is reported, since the reader waits on it. */
let current = 0;

function run(): void {
  const fd = job.fd;
  const left = { bytes: job.limit };
  let carry: Buffer = Buffer.alloc(0);
  Atomics.store(tapes[0]!.meta, META.started, 1);
  Atomics.notify(tapes[0]!.meta, META.started);
  for (let k = 0; ; k = (k + 1) % tapes.length) {
    current = k;
    const tape = tapes[k]!;
    const asked = monotonicMs();
    waitWhile(tape, SLOT.ready);
    tape.meta[META.waited] = Math.round((monotonicMs() - asked) * 1000);
    if (Atomics.load(tape.meta, META.state) !== SLOT.free) return;
    carry.copy(tape.bytes, 0);
    const n = readInto(fd, tape.bytes, carry.length, left.bytes);
    if (typeof n === 'string') {
      fail(tape, FAILURE.read, n);
      return;
    }
    left.bytes -= n;
    tape.meta[META.read] = n;
    const end = carry.length + n;
    if (tape.bytes.subarray(carry.length, end).indexOf(0) >= 0) {
      fail(tape, FAILURE.binary);
      return;
    }
    // Whole lines end at the last newline; what follows it is carried to the next slot.
    const whole = tape.bytes.subarray(0, end).lastIndexOf(NEWLINE) + 1;
    if (whole === 0 && n > 0 && end === tape.bytes.length) {
      // One line fills the slot: it goes round the tape.
      const after = hugeLine(fd, tape, Buffer.from(tape.bytes.subarray(0, end)), left);
      if (after === null) return;
      tape.meta[META.count] = 1;
      tape.kinds[0] = KIND.huge;
      tape.meta[META.unfinished] = 0;
      tape.meta[META.scannedTo] = tape.meta[META.whole] = 0;
      const last = 'end' in after;
      setState(tape, last ? SLOT.last : SLOT.ready);
      if (last) return;
      carry = after.rest;
      continue;
    }
    tape.meta[META.scannedTo] = scan(tape, scanners[k]!, splitAt(tape.bytes, whole));
    tape.meta[META.whole] = whole;
    // Copied out: the slot is written again only after the reader hands it back.
    carry = Buffer.from(tape.bytes.subarray(whole, end));
    const last = n === 0;
    tape.meta[META.unfinished] = last ? carry.length : 0;
    setState(tape, last ? SLOT.last : SLOT.ready);
    if (last) return;
  }
}

/** Where this thread's share of the whole lines bytes[0, whole) ends: at the start of a line. */
function splitAt(bytes: Buffer, whole: number): number {
  const target = Math.floor((whole * Atomics.load(job.share, 0)) / 1000);
  if (target >= whole) return whole;
  return bytes.indexOf(NEWLINE, target) + 1;
}

parentPort!.on('message', (next: ScanJob) => {
  job = next;
  tapes = job.slots.map((memory) => tapeOf(memory, job.size));
  scanners = tapes.map((t) => new SampleScanner(t.bytes));
  current = 0;
  try {
    run();
  } catch (error) {
    fail(tapes[current]!, FAILURE.read, String((error as Error).message ?? error));
  } finally {
    // The reader closes the descriptor, and the port, once this thread is done with them.
    const { meta } = tapes[0]!;
    job = null as unknown as ScanJob;
    tapes = scanners = [];
    Atomics.store(meta, META.done, 1);
    Atomics.notify(meta, META.done);
  }
});
