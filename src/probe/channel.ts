import { spawn } from 'node:child_process';
import {
  closeSync,
  constants,
  mkdtempSync,
  openSync,
  readSync,
  rmdirSync,
  rmSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseWire, type ProbeMessage } from './wire.js';

/** Where a channel is, as plain data: the sampling thread reads the same fd (fds are the whole process's). */
export interface ChannelState {
  dir: string;
  path: string;
  fd: number;
  /**
   * memprof's own write end (-1 when it could not be opened): a drain that ends on a whole line writes a
   * newline for the next, so that one finds data even when no probe wrote. Without it an empty FIFO that
   * probes hold open fails the read with EAGAIN: an exception at every tick of a Node tree, dear on a path
   * that runs every 10 ms. Probes write whole lines, so a newline between them never cuts one.
   */
  nudge: number;
  /** The start of a line the last read cut in two. */
  rest: string;
}

/** At most this much is read in one tick: a flood from the tree cannot stretch a tick without bound. */
const READ_LIMIT = 1 << 18;
const buffer = Buffer.allocUnsafe(1 << 16);

/**
 * The run's channel: a FIFO in a private directory, read without blocking at every tick, on whichever thread
 * samples. Probes and `memprof mark` write whole lines into it; what a tick finds goes into the tick's lines.
 */
export class ProbeChannel {
  private constructor(private readonly channel: ChannelState) {}

  /**
   * Where the FIFO will be, in a directory of its own made now: the command can start while the FIFO is made
   * (see open). null when the temporary directory is not writable: the run then has no channel.
   */
  static plan(): { dir: string; path: string } | null {
    try {
      const dir = mkdtempSync(join(tmpdir(), 'memprof-'));
      return { dir, path: join(dir, 'channel') };
    } catch {
      return null;
    }
  }

  /**
   * Open the FIFO's read end once it is made: `made` says by whom. true: made already (by the command's shim);
   * false: make it now (Node has no mkfifo of its own: a process); null: not wanted after all (the run did not
   * start). null when it cannot be made or opened, and then the run goes on without heaps or marks. Never
   * rejects: the run awaits it only once the command has started. The probes retry until it is there.
   */
  static async open(
    where: { dir: string; path: string },
    made: Promise<boolean | null> = Promise.resolve(false),
  ): Promise<ProbeChannel | null> {
    const how = await made;
    const there = how === true || (how === false && (await makeFifo(where.path)));
    let fd = -1;
    try {
      if (there) fd = openSync(where.path, constants.O_RDONLY | constants.O_NONBLOCK);
    } catch {
      // as if it could not be made: the run goes on without the channel
    }
    if (fd < 0) {
      removeChannelDir(where);
      return null;
    }
    const nudge = openNudge(where.path);
    nudgeNext(nudge);
    return new ProbeChannel({ ...where, fd, nudge, rest: '' });
  }

  static adopt(state: ChannelState): ProbeChannel {
    return new ProbeChannel({ ...state });
  }

  get state(): ChannelState {
    return { ...this.channel };
  }

  get path(): string {
    return this.channel.path;
  }

  /** The messages written since the last drain, in the order they came. */
  drain(): ProbeMessage[] {
    const text = this.read();
    const messages: ProbeMessage[] = [];
    if (text !== '') {
      const lines = (this.channel.rest + text).split('\n');
      this.channel.rest = lines.pop()!;
      for (const line of lines) {
        if (line === '') continue; // a nudge
        const message = parseWire(line);
        if (message !== null) messages.push(message);
      }
    }
    // Not after a line the read cut in two: its end is still in the FIFO, and must come before a newline.
    if (this.channel.rest === '') nudgeNext(this.channel.nudge);
    return messages;
  }

  private read(): string {
    let text = '';
    while (text.length < READ_LIMIT) {
      let n: number;
      try {
        n = readSync(this.channel.fd, buffer, 0, buffer.length, null);
      } catch {
        break; // EAGAIN: nothing more now; any other error loses the heaps, never the recording
      }
      if (n === 0) break; // no writer has it open (memprof's own write end could not be opened): nothing more now
      text += buffer.toString('latin1', 0, n);
      if (n < buffer.length) break; // the FIFO is empty now: what comes next is the next tick's
    }
    return text;
  }

  /** Close the read end (a probe still writing then gets EPIPE and stops) and remove the FIFO. */
  close(): void {
    for (const fd of [this.channel.fd, this.channel.nudge]) {
      try {
        if (fd >= 0) closeSync(fd);
      } catch {
        /* closed already */
      }
    }
    removeChannelDir(this.channel);
  }
}

/** The write end of memprof's own (see ChannelState.nudge); its read end is open, so this never blocks. */
function openNudge(path: string): number {
  try {
    return openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
  } catch {
    return -1; // the reads then meet EAGAIN: dearer, never wrong
  }
}

/** One newline, which drain() skips: a FIFO full already (EAGAIN) has data to read anyway. */
function nudgeNext(fd: number): void {
  if (fd < 0) return;
  try {
    writeSync(fd, '\n');
  } catch {
    // full: the read finds what fills it
  }
}

/** mkfifo in a process of its own, with no pipes to it; whether it made the FIFO. */
function makeFifo(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn('mkfifo', ['-m', '600', path], { stdio: 'ignore' });
    child.once('error', () => resolve(false));
    child.once('exit', (code) => resolve(code === 0));
  });
}

/** The FIFO and its private directory: two calls, where a recursive removal first reads the directory. */
function removeChannelDir(where: { dir: string; path: string }): void {
  try {
    unlinkSync(where.path);
  } catch {
    // never made, or removed already
  }
  try {
    rmdirSync(where.dir);
  } catch (error) {
    // something of the tree's own in it (the tree runs as the user): removed with the rest
    if ((error as NodeJS.ErrnoException).code === 'ENOTEMPTY') rmSync(where.dir, { recursive: true, force: true });
  }
}
