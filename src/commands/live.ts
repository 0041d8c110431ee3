import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { LiveStore, type LiveProcess } from '../analysis/live-state.js';
import { DatDecoder } from '../format/decode.js';
import { liveFrame } from '../report/live-view.js';
import * as stdio from '../stdio.js';

/** At most four frames a second: enough to watch, little beside the sampling. */
export const FRAME_MS = 250;
const READ_BYTES = 1024 * 1024;

// The alternate screen (the terminal's own contents come back when it is left) with the cursor hidden.
const ENTER = '\x1b[?1049h\x1b[?25l';
const LEAVE = '\x1b[?25h\x1b[?1049l';
const HOME = '\x1b[H';
const CLEAR_LINE = '\x1b[K';
const CLEAR_BELOW = '\x1b[J';

export interface LiveOptions {
  /** The recording being written: the view reads it as it grows and never writes to it. */
  file: string;
  command: string;
  memIsTree: boolean;
  perProcess: boolean;
  /** The terminal: standard output, as a stream (its size and resize events) and its descriptor. */
  terminal: NodeJS.WriteStream & { fd: number };
}

/**
 * `--live`: the recording read back as the recorder writes it (whichever thread samples) and drawn over
 * itself at most every FRAME_MS; the terminal is given back as it was when the view stops, when memprof
 * exits, and when it crashes.
 */
export class LiveView {
  private readonly store: LiveStore;
  private readonly decoder: DatDecoder<LiveProcess, LiveStore>;
  private readonly fd: number;
  private pending: Buffer = Buffer.alloc(0);
  private readonly chunk = Buffer.allocUnsafe(READ_BYTES);
  private timer: NodeJS.Timeout | undefined;
  private shown = false;
  private changed = true;
  private readonly restoreAtExit = (): void => this.leave();
  private readonly resized = (): void => {
    this.changed = true;
  };

  /** MEM holds the tree and no descendant has lines (-C without -M): there is no process to count or list. */
  private readonly treeOnly: boolean;

  constructor(private readonly options: LiveOptions) {
    this.treeOnly = options.memIsTree && !options.perProcess;
    this.store = new LiveStore(options.memIsTree, !this.treeOnly);
    this.decoder = new DatDecoder<LiveProcess, LiveStore>(options.file, () => this.store);
    this.fd = openSync(options.file, 'r');
  }

  start(): void {
    process.on('exit', this.restoreAtExit);
    this.options.terminal.on('resize', this.resized);
    this.write(ENTER);
    this.shown = true;
    this.frame();
    this.timer = setInterval(() => this.frame(), FRAME_MS);
    this.timer.unref();
  }

  /** The last frame drawn, then the terminal as it was. */
  stop(): void {
    clearInterval(this.timer);
    this.frame();
    this.leave();
    process.off('exit', this.restoreAtExit);
    this.options.terminal.off('resize', this.resized);
    closeSync(this.fd);
  }

  private frame(): void {
    if (!this.shown) return;
    try {
      this.draw();
    } catch (error) {
      // The view is worth less than the recording: it steps aside, the recording goes on.
      clearInterval(this.timer);
      this.leave();
      stdio.stderr.write(`memprof: note: the live view stopped: ${(error as Error).message}\n`);
    }
  }

  private draw(): void {
    if (!this.readNew() && !this.changed) return;
    this.changed = false;
    const { columns = 80, rows = 24 } = this.options.terminal;
    const lines = liveFrame(this.store, {
      command: this.options.command,
      file: this.options.file,
      now: Date.now() / 1000,
      columns,
      rows,
      perProcess: this.options.perProcess,
      treeOnly: this.treeOnly,
    });
    this.write(`${HOME}${lines.map((l) => l + CLEAR_LINE).join('\n')}${CLEAR_BELOW}`);
  }

  /** Whether anything was added to the file since the last read; its whole lines are folded in. */
  private readNew(): boolean {
    let read = false;
    for (;;) {
      const n = readSync(this.fd, this.chunk, 0, READ_BYTES, null);
      if (n <= 0) break;
      read = true;
      const bytes = Buffer.concat([this.pending, this.chunk.subarray(0, n)]);
      this.decoder.receive(this.chunk.subarray(0, n));
      const rest = this.decoder.lines(bytes, 0, bytes.length);
      this.pending = Buffer.from(bytes.subarray(rest));
    }
    if (read) this.store.flush();
    return read;
  }

  private leave(): void {
    if (!this.shown) return;
    this.shown = false;
    this.write(LEAVE);
  }

  /** Straight to the terminal's descriptor: at exit or after a crash no stream is left to flush. */
  private write(text: string): void {
    try {
      writeSync(this.options.terminal.fd, text);
    } catch {
      // A terminal that went away (the window closed) has nothing left to restore.
    }
  }
}
