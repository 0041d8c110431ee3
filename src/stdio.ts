import { fstatSync, writeSync, type Stats } from 'node:fs';
import type * as Stream from 'node:stream';
import type * as Tty from 'node:tty';
import { builtin } from './builtin.js';

/**
 * Calls `attach` with `owner[name]` when something first reads it, where that property is a configurable
 * getter (as Node's process.stdout and process.stderr are: Node makes the stream on first use, which costs a
 * short run a millisecond or two); at once otherwise. Reads after the first go to the original getter again.
 */
export function onFirstUse<O extends object, K extends keyof O & string>(
  owner: O,
  name: K,
  attach: (value: O[K]) => void,
): void {
  const original = Object.getOwnPropertyDescriptor(owner, name);
  const get = original?.get;
  if (!original?.configurable || get === undefined) {
    attach(owner[name]);
    return;
  }
  Object.defineProperty(owner, name, {
    configurable: true,
    enumerable: original.enumerable ?? true,
    get() {
      Object.defineProperty(owner, name, original);
      const value = get.call(owner) as O[K];
      attach(value);
      return value;
    },
  });
}

/** One of memprof's standard outputs. */
export interface Output {
  write(text: string): void;
}

/**
 * memprof's stdout and stderr. A file, pipe or socket is written with write(2) on its fd, synchronously, and
 * no Node stream is made: making one costs a short run a millisecond or two, and a pipe's or socket's stream
 * sets O_NONBLOCK on an open file the command shares, whose large writes would then fail with EAGAIN. A
 * terminal goes through Node's stream (which reopens the terminal, so shares no flags).
 */
export const stdout: Output = fdOutput(1, 'stdout');
export const stderr: Output = fdOutput(2, 'stderr');

/** What to do when a write to stdout fails (a reader that closed the pipe: EPIPE); main.ts decides. */
let stdoutFailed: (error: NodeJS.ErrnoException) => void = () => {};

export function onStdoutFailure(handle: (error: NodeJS.ErrnoException) => void): void {
  stdoutFailed = handle;
}

function fdOutput(fd: 1 | 2, name: 'stdout' | 'stderr'): Output {
  return {
    write(text) {
      try {
        if (isTerminal(fd)) process[name].write(text);
        else writeAll(fd, text);
      } catch (error) {
        // Messages on stderr are worth less than the recording: a closed stderr must not end a run.
        if (fd === 1) stdoutFailed(error as NodeJS.ErrnoException);
      }
    },
  };
}

/** Whether standard output or error is a terminal, found without making its Node stream. */
export function isTerminal(fd: 1 | 2): boolean {
  return kindOf(fd) === 'terminal';
}

/** What a standard output is, as far as how memprof writes to it. */
type OutputKind = 'terminal' | 'pipe or socket' | 'other';

const kinds = new Map<number, OutputKind>();

/** Found once per fd: memprof never reopens its standard outputs. */
function kindOf(fd: 1 | 2): OutputKind {
  let kind = kinds.get(fd);
  if (kind === undefined) {
    kind = classify(fd);
    kinds.set(fd, kind);
  }
  return kind;
}

function classify(fd: number): OutputKind {
  let stat: Stats;
  try {
    stat = fstatSync(fd);
  } catch {
    return 'other'; // closed: write(2) says so, as EBADF
  }
  if (stat.isFIFO() || stat.isSocket()) return 'pipe or socket';
  // Loaded only for a character device: /dev/null or a terminal.
  if (stat.isCharacterDevice() && builtin<typeof Tty>('node:tty').isatty(fd)) return 'terminal';
  return 'other';
}

/** One shared word to sleep on while a non-blocking fd is full. */
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * The whole text, however the fd takes it: in parts, and, when another program left the open file
 * non-blocking (EAGAIN), after waiting a millisecond for the reader.
 */
function writeAll(fd: number, data: string | Uint8Array): void {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}

/**
 * Calls `attach` with process.stdout or stderr once something makes it. Node's code reads them where memprof
 * does not write (net's Socket._destroy reads process.stderr whenever a socket closes, as a child's pipe does).
 * Node's stream of a pipe or socket would set O_NONBLOCK on the open file the command shares; there it is a
 * stand-in that writes as `stdout` and `stderr` do. A file's or a terminal's is Node's own, made on first use.
 */
export function onStreamMade<K extends 'stdout' | 'stderr'>(
  name: K,
  attach: (stream: NodeJS.Process[K]) => void,
): void {
  const fd = name === 'stdout' ? 1 : 2;
  if (kindOf(fd) !== 'pipe or socket') {
    onFirstUse(process, name, attach);
    return;
  }
  let stream: NodeJS.Process[K] | undefined;
  Object.defineProperty(process, name, {
    configurable: true,
    enumerable: true,
    get() {
      if (stream === undefined) {
        stream = blockingStream(fd) as NodeJS.Process[K];
        attach(stream);
      }
      return stream;
    },
  });
}

/** A Writable that writes each chunk with write(2), as `stdout` and `stderr` do. */
function blockingStream(fd: number): NodeJS.WriteStream {
  const { Writable } = builtin<typeof Stream>('node:stream');
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      try {
        writeAll(fd, chunk);
        done();
      } catch (error) {
        done(error as Error);
      }
    },
  });
  return Object.assign(stream, { fd, isTTY: false }) as unknown as NodeJS.WriteStream;
}
