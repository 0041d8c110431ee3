import { DatError } from './errors.js';
import { hasExtraFields, LineError, parseLine, type Line } from './parse-line.js';
import { MalformedTally, type ReadWarning } from './read-warnings.js';
import { RunBuilder, type HeapFact, type SampleStore } from './run-builder.js';
import { SampleScanner } from './sample-scan.js';
import { KIND, META, type Tape } from './tape.js';
import type {
  FuncBracket,
  PaceChange,
  PeriodChange,
  ProcessMeta,
  ProcessRecord,
  Reading,
  Recording,
  Series,
} from './types.js';

const NEWLINE = 10;
const CR = 13;

/** A file's runs that hold data, and the warnings about the file as a whole. */
export interface DecodedRuns<P extends ProcessMeta, S extends SampleStore<P>> {
  runs: Array<RunBuilder<P, S>>;
  warnings: ReadWarning[];
  /** How many bytes were read. */
  bytes: number;
  /** Whether a second thread scanned the lines (see parallel-stream.ts). */
  scannedByThread: boolean;
}

/**
 * Turns a recording's bytes, handed over in pieces of any size, into its runs (one, unless several runs
 * wrote into one file, as mprof does when two start in the same second). Each run's samples go to a fresh
 * store from `newStore`. Plain samples are read in place by the sample scanner, every other line by
 * parseLine. A malformed line is counted and, unless it is only a sample out of time order or with extra
 * fields, skipped (see ReadWarning); a file whose first line is not a recording line, or whose header this
 * memprof cannot read by, is a DatError naming the file and the line.
 */
export class DatDecoder<P extends ProcessMeta, S extends SampleStore<P>> {
  private readonly runs: Array<RunBuilder<P, S>> = [];
  private run: RunBuilder<P, S>;
  private lineNumber = 0;
  private received = 0;
  private scanner: SampleScanner | null = null;
  private scanned: Buffer | null = null;
  private readonly malformed = new MalformedTally();
  /** The first line skipped as malformed: what a file that holds nothing else is refused with. */
  private firstSkipped: DatError | null = null;
  /** Lines that are empty (or hold only a '\r'): skipped, and not a file's first line. */
  private blankLines = 0;
  /** The latest MEM or CHLD time of the run so far: a sample before it went back in time. */
  private latestTime = -Infinity;
  /** Reused for every sample read off a tape: stores copy what they keep. */
  private readonly reading: Reading = { bytes: 0, time: 0 };

  constructor(
    private readonly file: string | null,
    private readonly newStore: () => S,
  ) {
    this.run = this.newRun();
  }

  private newRun(): RunBuilder<P, S> {
    const run = new RunBuilder<P, S>(this.newStore());
    this.runs.push(run);
    return run;
  }

  /** The number of the line being read. */
  get nextLine(): number {
    return this.lineNumber + 1;
  }

  /** Bytes read from the file for the first time: refused at once when they are binary. */
  receive(bytes: Buffer): void {
    this.received += bytes.length;
    if (bytes.indexOf(0) >= 0) throw new DatError(this.file, 'binary data, not a recording');
  }

  /**
   * Decode the complete lines of bytes[start, end) and return where the unfinished last one begins (end
   * when the piece ends with a newline): the caller hands that part over again with what follows it.
   */
  lines(bytes: Buffer, start: number, end: number): number {
    if (this.scanned !== bytes) {
      this.scanner = new SampleScanner(bytes);
      this.scanned = bytes;
    }
    const scanner = this.scanner!;
    scanner.forget();
    let from = start;
    while (from < end) {
      const sample = scanner.readLine(from, end);
      if (sample.kind !== null) {
        this.lineNumber++;
        this.sampleTime(sample.time);
        if (sample.kind === 'MEM') this.run.addMem(sample);
        else this.run.addChld(sample.pid, sample);
        from = scanner.next;
        continue;
      }
      const to = bytes.indexOf(NEWLINE, from);
      if (to < 0 || to >= end) return from;
      this.lineNumber++;
      const line = this.parse(bytes, from, bytes[to - 1] === CR ? to - 1 : to);
      if (line !== null) this.add(line);
      from = to + 1;
    }
    return from;
  }

  /** Bytes a scanning thread read and checked for binary data (see parallel-stream.ts). */
  counted(bytes: number): void {
    this.received += bytes;
  }

  /**
   * The lines on a scanning thread's tape, in order, as `lines` decodes them; `huge` gives the text of a
   * line longer than a slot. The bytes left unfinished at the end of the file, when the tape is the last.
   */
  tape(tape: Tape, huge: () => { line: Buffer | null; unfinished: number }): number {
    const { kinds, pids, nums, bytes, meta } = tape;
    const reading = this.reading;
    for (let j = 0, count = meta[META.count]!; j < count; j++) {
      const kind = kinds[j];
      if (kind === KIND.mem || kind === KIND.chld) {
        this.lineNumber++;
        reading.bytes = nums[2 * j]!;
        reading.time = nums[2 * j + 1]!;
        this.sampleTime(reading.time);
        if (kind === KIND.mem) this.run.addMem(reading);
        else this.run.addChld(pids[j]!, reading);
        continue;
      }
      let text = bytes;
      let start = nums[2 * j]!;
      let end = nums[2 * j + 1]!;
      if (kind === KIND.huge) {
        const { line, unfinished } = huge();
        if (line === null) return unfinished;
        [text, start, end] = [line, 0, line.length];
      }
      this.lineNumber++;
      const line = this.parse(text, start, end > start && text[end - 1] === CR ? end - 1 : end);
      if (line !== null) this.add(line);
    }
    return meta[META.unfinished]!;
  }

  /** The line on bytes[start, end), or null when it is blank or skipped as malformed. */
  private parse(bytes: Buffer, start: number, end: number): Line | null {
    if (end <= start) {
      this.blankLines++;
      return null;
    }
    const text = bytes.toString('utf8', start, end);
    let line: Line;
    try {
      line = parseLine(text);
    } catch (error) {
      if (!(error instanceof LineError)) throw error;
      // Only once the file has shown itself a recording is a bad line one line among many.
      const first = this.lineNumber - 1 === this.blankLines;
      if (first || error.fault === 'unsupported') throw new DatError(this.file, error.message, this.lineNumber);
      this.firstSkipped ??= new DatError(this.file, error.message, this.lineNumber);
      this.malformed.add(error.fault === 'not-decimal' ? 'not-decimal' : 'garbled', this.lineNumber, error.message);
      return null;
    }
    if (hasExtraFields(text)) this.malformed.add('extra-fields', this.lineNumber);
    return line;
  }

  /** A sample's time, against the run's latest: a clock set back while recording, or lines out of order. */
  private sampleTime(time: number): void {
    if (time < this.latestTime) this.malformed.add('backwards', this.lineNumber);
    else this.latestTime = time;
  }

  private add(line: Line): void {
    if (line.type === 'CMDLINE' && this.run.command !== null) {
      this.run = this.newRun();
      this.latestTime = -Infinity;
    }
    if (line.type === 'MEM' || line.type === 'CHLD') this.sampleTime(line.time);
    this.run.add(line);
  }

  /**
   * The runs that hold data, once every byte was handed over; `unfinished` is how many bytes at the end
   * had no newline: the profiler may have been killed mid-write, so that line is dropped with a warning.
   */
  finish(unfinished: number): DecodedRuns<P, S> {
    if (this.received === 0) throw new DatError(this.file, 'empty file: no samples');
    const warnings = this.malformed.warnings();
    if (unfinished > 0) warnings.push({ kind: 'incomplete-last-line', line: this.lineNumber + 1 });
    const runs = this.runs.filter((r) => r.hasData);
    if (runs.length === 0) throw this.firstSkipped ?? new DatError(this.file, 'no samples (no MEM or CHLD line)');
    if (runs.length > 1) warnings.push({ kind: 'several-runs', runs: runs.length });
    return { runs, warnings, bytes: this.received, scannedByThread: false };
  }
}

/** Keeps every sample of a run: what a Recording holds. */
export class RecordingStore implements SampleStore<ProcessRecord> {
  readonly series: Series = { t: [], v: [] };
  readonly funcs: FuncBracket[] = [];
  readonly paces: PaceChange[] = [];
  readonly heaps: Array<{ key: string; fact: HeapFact }> = [];
  readonly periods: PeriodChange[] = [];

  newProcess(meta: ProcessMeta): ProcessRecord {
    // Field by field, not by spreading `meta`: an object built by a spread and grown keeps slow properties.
    return {
      key: meta.key,
      pid: meta.pid,
      ppid: meta.ppid,
      command: meta.command,
      startTime: meta.startTime,
      firstSeen: meta.firstSeen,
      lastSeen: meta.lastSeen,
      exited: meta.exited,
      samples: { t: [], v: [] },
      hwmBytes: meta.hwmBytes,
      tickOf: [],
    };
  }

  hasSamples(p: ProcessRecord): boolean {
    return p.samples.t.length > 0;
  }

  mem(r: Reading): void {
    this.series.t.push(r.time);
    this.series.v.push(r.bytes);
  }

  sample(p: ProcessRecord, r: Reading): void {
    p.samples.t.push(r.time);
    p.samples.v.push(r.bytes);
    p.tickOf.push(Math.max(0, this.series.t.length - 1));
    if (p.firstSeen === null || r.time < p.firstSeen) p.firstSeen = r.time;
    if (p.lastSeen === null || r.time > p.lastSeen) p.lastSeen = r.time;
  }

  rooted(): void {}

  ended(): void {}

  func(f: FuncBracket): void {
    this.funcs.push(f);
  }

  pace(p: PaceChange): void {
    this.paces.push(p);
  }

  heap(p: ProcessRecord, fact: HeapFact): void {
    this.heaps.push({ key: p.key, fact });
  }

  period(p: PeriodChange): void {
    this.periods.push(p);
  }
}

export function toRecording(
  run: RunBuilder<ProcessRecord, RecordingStore>,
  file: string | null,
  warnings: ReadWarning[],
): Recording {
  const { series, funcs, paces, periods } = run.store;
  // A loop, not Math.min(...spread): a run may hold more processes than the engine's argument limit.
  let start = series.t[0] ?? Infinity;
  for (const p of run.processes) start = Math.min(start, p.samples.t[0] ?? Infinity);
  for (const f of funcs) start = Math.min(start, f.start);
  const rec: Recording = {
    file,
    startTime: start,
    command: run.command,
    header: run.header,
    mem: series,
    processes: run.processes,
    funcs,
    paces,
    periods,
    done: run.done,
    warnings: [...warnings],
    rootKey: run.rootKey,
    cgroup: run.cgroup,
    marks: run.marks,
    heaps: run.store.heaps,
  };
  return rec;
}

/**
 * Decode a `.dat` file, as its bytes or its text, into its runs with every sample kept. A last line
 * without its newline is dropped with a warning: the profiler may have been killed mid-write.
 */
export function decodeDat(input: Uint8Array | string, file: string | null = null): Recording[] {
  const bytes =
    typeof input === 'string'
      ? Buffer.from(input, 'utf8')
      : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const decoder = new DatDecoder<ProcessRecord, RecordingStore>(file, () => new RecordingStore());
  decoder.receive(bytes);
  const rest = decoder.lines(bytes, 0, bytes.length);
  const { runs, warnings } = decoder.finish(bytes.length - rest);
  return runs.map((run) => toRecording(run, file, warnings));
}
