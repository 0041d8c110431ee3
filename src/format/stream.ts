import { closeSync, fstatSync, mkdtempSync, openSync, readSync, rmSync, type Stats, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Tty from 'node:tty';
import { builtin } from '../builtin.js';
import { DatDecoder, type DecodedRuns } from './decode.js';
import { fsReason } from '../errors.js';
import { DatError, readFailure } from './errors.js';
import { PARALLEL_BYTES, streamInParallel } from './parallel-stream.js';
import type { SlotSize } from './tape.js';
import type { SampleStore } from './run-builder.js';
import type { ProcessMeta } from './types.js';

/** The file name that reads standard input. */
export const STDIN = '-';
/** How standard input is named in messages and reports. */
export const STDIN_NAME = '<stdin>';
/** What is read at a time: large enough that a read costs little per line, small beside the process. */
export const CHUNK_BYTES = 4 * 1024 * 1024;
/** No line memprof or mprof writes comes near this: a file with a longer one is not a recording. */
const MAX_LINE_BYTES = 64 * 1024 * 1024;

const pause = new Int32Array(new SharedArrayBuffer(4));

/** node:tty, loaded only to read standard input: `run` imports this module and has no use for it. */
const isatty = (fd: number): boolean => builtin<typeof Tty>('node:tty').isatty(fd);

function open(file: string): number {
  if (file === STDIN) return 0;
  try {
    return openSync(file, 'r');
  } catch (error) {
    throw new DatError(file, readFailure((error as NodeJS.ErrnoException).code));
  }
}

/** Only a regular file, a pipe or a terminal ends: a device such as /dev/zero would be read forever. */
function refuseNonRecording(fd: number, name: string): Stats {
  const stat = fstatSync(fd);
  if (stat.isDirectory()) throw new DatError(name, 'is a directory, not a recording');
  const terminal = fd === 0 && isatty(0);
  if (stat.isBlockDevice() || (stat.isCharacterDevice() && !terminal))
    throw new DatError(name, 'is a device, not a recording');
  return stat;
}

/** Up to the buffer's end from `offset`, and at most `most` bytes; 0 at the end of the file. */
function readSome(fd: number, buffer: Buffer, offset: number, name: string, most: number): number {
  for (;;) {
    try {
      return most <= 0 ? 0 : readSync(fd, buffer, offset, Math.min(buffer.length - offset, most), null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Standard input may have been made non-blocking by whoever shares it: wait for data, then read again.
      if (code === 'EAGAIN') Atomics.wait(pause, 0, 0, 5);
      else if (code === 'EOF') return 0;
      else throw new DatError(name, readFailure(code));
    }
  }
}

/** How a recording is read. */
export interface ReadOptions {
  /** Stop after this many bytes: a second pass reads what the first did, though a live recording grows. */
  limit?: number;
  /** The piece read at a time by the calling thread (for tests). */
  chunkBytes?: number;
  /** Scan with a second thread: by default for regular files of PARALLEL_BYTES or more. */
  parallel?: boolean;
  /** The scanning thread's slot size (for tests). */
  slotSize?: SlotSize;
}

/**
 * Read a recording through a file descriptor, a piece at a time into one reused buffer, so a file of any
 * length is read in the same memory; `-` reads standard input. Each run's samples go to a fresh store
 * from `newStore`. Every failure is a DatError naming the file (exit 2).
 */
export function streamRecording<P extends ProcessMeta, S extends SampleStore<P>>(
  file: string,
  newStore: () => S,
  options: ReadOptions = {},
): DecodedRuns<P, S> {
  const name = file === STDIN ? STDIN_NAME : file;
  const limit = options.limit ?? Infinity;
  const fd = open(file);
  try {
    const stat = refuseNonRecording(fd, name);
    const decoder = new DatDecoder<P, S>(name, newStore);
    const parallel = options.parallel ?? (stat.isFile() && Math.min(stat.size, limit) >= PARALLEL_BYTES);
    const read = parallel && fd !== 0 ? streamInParallel(fd, name, decoder, limit, options.slotSize) : null;
    if (read) return read;
    return streamAlone(fd, name, decoder, limit, options.chunkBytes ?? CHUNK_BYTES);
  } finally {
    if (fd !== 0) closeSync(fd);
  }
}

/** streamRecording by the calling thread alone. */
function streamAlone<P extends ProcessMeta, S extends SampleStore<P>>(
  fd: number,
  name: string,
  decoder: DatDecoder<P, S>,
  limit: number,
  chunkBytes: number,
): DecodedRuns<P, S> {
  let buffer: Buffer = Buffer.allocUnsafe(chunkBytes);
  let kept = 0; // the start of a line that the last piece did not finish, at the buffer's start
  let left = limit;
  for (;;) {
    if (kept === buffer.length) buffer = grown(buffer, decoder, name);
    const n = readSome(fd, buffer, kept, name, left);
    if (n === 0) break;
    left -= n;
    decoder.receive(buffer.subarray(kept, kept + n));
    const end = kept + n;
    const rest = decoder.lines(buffer, 0, end);
    buffer.copyWithin(0, rest, end);
    kept = end - rest;
  }
  return decoder.finish(kept);
}

/** A buffer twice as large holding the unfinished line: a line may be longer than a piece. */
function grown<P extends ProcessMeta, S extends SampleStore<P>>(
  buffer: Buffer,
  decoder: DatDecoder<P, S>,
  name: string,
): Buffer {
  if (buffer.length >= MAX_LINE_BYTES)
    throw new DatError(
      name,
      `a line longer than ${MAX_LINE_BYTES / 1024 / 1024} MiB: not a recording`,
      decoder.nextLine,
    );
  const bigger = Buffer.allocUnsafe(Math.min(MAX_LINE_BYTES, buffer.length * 2));
  buffer.copy(bigger);
  return bigger;
}

/** A copy of standard input in a private temporary file, for a reader that needs more than one pass. */
export interface Spooled {
  file: string;
  remove(): void;
}

/**
 * Copy standard input to a new file in a directory of its own (mode 0700, so nobody else can swap it), a
 * piece at a time. Refuses a device as streamRecording does; a failure to write names the temporary file.
 */
export function spoolStdin(chunkBytes = CHUNK_BYTES): Spooled {
  refuseNonRecording(0, STDIN_NAME);
  const dir = mkdtempSync(join(tmpdir(), 'memprof-stdin-'));
  const file = join(dir, 'stdin.dat');
  const remove = (): void => rmSync(dir, { recursive: true, force: true });
  try {
    const out = openSync(file, 'wx', 0o600);
    try {
      const buffer = Buffer.allocUnsafe(chunkBytes);
      for (
        let n = readSome(0, buffer, 0, STDIN_NAME, Infinity);
        n > 0;
        n = readSome(0, buffer, 0, STDIN_NAME, Infinity)
      )
        writeAll(out, buffer.subarray(0, n));
    } finally {
      closeSync(out);
    }
  } catch (error) {
    remove();
    if (error instanceof DatError) throw error;
    throw new DatError(STDIN_NAME, `cannot copy it to ${file}: ${fsReason(error, true)}`);
  }
  return { file, remove };
}

function writeAll(fd: number, bytes: Buffer): void {
  for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
}
