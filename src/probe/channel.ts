import { execFile } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseWire, type ProbeMessage } from './wire.js';

/** Where a channel is, as plain data: the sampling thread reads the same fd (fds are the whole process's). */
export interface ChannelState {
  dir: string;
  path: string;
  fd: number;
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
   * Make the FIFO (Node has no mkfifo of its own) and open its read end; null when it cannot be made or
   * opened (its directory removed), and then the run goes on without heaps or marks. Never rejects: the run
   * awaits it only once the command has started. The probes retry until it is there.
   */
  static async open(where: { dir: string; path: string }): Promise<ProbeChannel | null> {
    const made = await new Promise<boolean>((resolve) => {
      execFile('mkfifo', ['-m', '600', where.path], (error) => resolve(error === null));
    });
    let fd = -1;
    try {
      if (made) fd = openSync(where.path, constants.O_RDONLY | constants.O_NONBLOCK);
    } catch {
      // as if it could not be made: the run goes on without the channel
    }
    if (fd < 0) {
      rmSync(where.dir, { recursive: true, force: true });
      return null;
    }
    return new ProbeChannel({ ...where, fd, rest: '' });
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
    if (text === '') return [];
    const lines = (this.channel.rest + text).split('\n');
    this.channel.rest = lines.pop()!;
    const messages: ProbeMessage[] = [];
    for (const line of lines) {
      const message = parseWire(line);
      if (message !== null) messages.push(message);
    }
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
      if (n === 0) break; // no writer has it open: nothing more now
      text += buffer.toString('latin1', 0, n);
    }
    return text;
  }

  /** Close the read end (a probe still writing then gets EPIPE and stops) and remove the FIFO. */
  close(): void {
    try {
      closeSync(this.channel.fd);
    } catch {
      /* closed already */
    }
    rmSync(this.channel.dir, { recursive: true, force: true });
  }
}
