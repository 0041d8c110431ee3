import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { isatty } from 'node:tty';
import { DatDecoder, type DecodedRuns } from './decode.js';
import { DatError } from './errors.js';
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

/** Why a file cannot be opened or read, from the error code. */
export function readFailure(code: string | undefined): string {
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory, not a recording';
  return `cannot read (${code ?? 'unknown error'})`;
}

function open(file: string): number {
  if (file === STDIN) return 0;
  try {
    return openSync(file, 'r');
  } catch (error) {
    throw new DatError(file, readFailure((error as NodeJS.ErrnoException).code));
  }
}

/** Only a regular file, a pipe or a terminal ends: a device such as /dev/zero would be read forever. */
function refuseNonRecording(fd: number, name: string): void {
  const stat = fstatSync(fd);
  if (stat.isDirectory()) throw new DatError(name, 'is a directory, not a recording');
  const terminal = fd === 0 && isatty(0);
  if (stat.isBlockDevice() || (stat.isCharacterDevice() && !terminal))
    throw new DatError(name, 'is a device, not a recording');
}

/** Up to the buffer's end from `offset`; 0 at the end of the file. */
function readSome(fd: number, buffer: Buffer, offset: number, name: string): number {
  for (;;) {
    try {
      return readSync(fd, buffer, offset, buffer.length - offset, null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Standard input may have been made non-blocking by whoever shares it: wait for data, then read again.
      if (code === 'EAGAIN') Atomics.wait(pause, 0, 0, 5);
      else if (code === 'EOF') return 0;
      else throw new DatError(name, readFailure(code));
    }
  }
}

/**
 * Read a recording through a file descriptor, a piece at a time into one reused buffer, so a file of any
 * length is read in the same memory; `-` reads standard input. Each run's samples go to a fresh store
 * from `newStore`. Every failure is a DatError naming the file (exit 2). `chunkBytes` is for tests.
 */
export function streamRecording<P extends ProcessMeta, S extends SampleStore<P>>(
  file: string,
  newStore: () => S,
  chunkBytes = CHUNK_BYTES,
): DecodedRuns<P, S> {
  const name = file === STDIN ? STDIN_NAME : file;
  const fd = open(file);
  try {
    refuseNonRecording(fd, name);
    const decoder = new DatDecoder<P, S>(name, newStore);
    let buffer: Buffer = Buffer.allocUnsafe(chunkBytes);
    let kept = 0; // the start of a line that the last piece did not finish, at the buffer's start
    for (;;) {
      if (kept === buffer.length) buffer = grown(buffer, decoder, name);
      const n = readSome(fd, buffer, kept, name);
      if (n === 0) break;
      decoder.receive(buffer.subarray(kept, kept + n));
      const end = kept + n;
      const rest = decoder.lines(buffer, 0, end);
      buffer.copyWithin(0, rest, end);
      kept = end - rest;
    }
    return decoder.finish(kept);
  } finally {
    if (fd !== 0) closeSync(fd);
  }
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
