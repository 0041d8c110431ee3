import { escapeControls } from '../command-line.js';
import { DatError } from './errors.js';
import { LineError, parseLine, type Line } from './parse-line.js';
import { SampleScanner } from './sample-scan.js';
import type { ProcessRecord, Recording } from './types.js';

const NEWLINE = 10;
const CR = 13;

/** Builds one run's recording from its lines, tracking process identity across reused pids. */
class RunBuilder {
  readonly rec: Recording;
  private readonly current = new Map<number, ProcessRecord>();
  private readonly reuse = new Map<number, number>();
  private ticks = 0;

  constructor(file: string | null) {
    this.rec = {
      file,
      startTime: NaN,
      command: null,
      header: null,
      mem: { t: [], v: [] },
      processes: [],
      funcs: [],
      paces: [],
      done: null,
      warnings: [],
      rootKey: null,
    };
  }

  private newProcess(pid: number): ProcessRecord {
    const n = (this.reuse.get(pid) ?? 0) + 1;
    this.reuse.set(pid, n);
    const p: ProcessRecord = {
      key: n === 1 ? String(pid) : `${pid}#${n}`,
      pid,
      ppid: null,
      command: null,
      startTime: null,
      firstSeen: null,
      lastSeen: null,
      exited: false,
      samples: { t: [], v: [] },
      hwmBytes: null,
      tickOf: [],
    };
    this.current.set(pid, p);
    this.rec.processes.push(p);
    return p;
  }

  private process(pid: number): ProcessRecord {
    const p = this.current.get(pid);
    return p && !p.exited ? p : this.newProcess(pid);
  }

  private seen(p: ProcessRecord, time: number): void {
    if (p.firstSeen === null || time < p.firstSeen) p.firstSeen = time;
    if (p.lastSeen === null || time > p.lastSeen) p.lastSeen = time;
  }

  addMem(bytes: number, time: number): void {
    this.rec.mem.t.push(time);
    this.rec.mem.v.push(bytes);
    this.ticks++;
  }

  addChld(pid: number, bytes: number, time: number): void {
    const p = this.process(pid);
    p.samples.t.push(time);
    p.samples.v.push(bytes);
    p.tickOf.push(Math.max(0, this.ticks - 1));
    this.seen(p, time);
  }

  add(line: Line): void {
    const rec = this.rec;
    switch (line.type) {
      case 'CMDLINE':
        rec.command = escapeControls(line.command);
        break;
      case 'MEMPROF':
        rec.header = line.header;
        break;
      case 'MEM':
        this.addMem(line.bytes, line.time);
        break;
      case 'CHLD':
        this.addChld(line.pid, line.bytes, line.time);
        break;
      case 'PROC': {
        const known = this.current.get(line.pid);
        const p =
          known && !known.exited && known.startTime === null && known.samples.t.length === 0
            ? known
            : this.newProcess(line.pid);
        Object.assign(p, { ppid: line.ppid, command: escapeControls(line.command), startTime: line.startTime });
        this.seen(p, line.seen);
        rec.rootKey ??= p.key;
        break;
      }
      case 'CMD':
        this.process(line.pid).command = escapeControls(line.command);
        break;
      case 'EXIT': {
        const p = this.process(line.pid);
        this.seen(p, line.lastSeen);
        p.exited = true;
        p.goneAt = line.goneAt;
        break;
      }
      case 'UNREAD':
        this.process(line.pid).unread ??= { reason: line.reason, since: line.time };
        break;
      case 'HWM': {
        const p = this.process(line.pid);
        p.hwmBytes = Math.max(p.hwmBytes ?? 0, line.bytes);
        break;
      }
      case 'FUNC':
        rec.funcs.push({ ...line });
        break;
      case 'PACE':
        rec.paces.push({ seconds: line.seconds, time: line.time });
        break;
      case 'DONE':
        rec.done = { time: line.time, exitCode: line.exitCode };
        break;
      case 'other':
        break;
    }
  }

  finish(): Recording {
    const rec = this.rec;
    // A loop, not Math.min(...spread): a run may hold more processes than the engine's argument limit.
    let start = rec.mem.t[0] ?? Infinity;
    for (const p of rec.processes) start = Math.min(start, p.samples.t[0] ?? Infinity);
    for (const f of rec.funcs) start = Math.min(start, f.start);
    rec.startTime = start;
    return rec;
  }

  get hasData(): boolean {
    return this.rec.mem.t.length > 0 || this.rec.processes.length > 0;
  }
}

/**
 * Decode a `.dat` file, as its bytes or its text, into its runs (one, unless several runs wrote into one
 * file, as mprof does when two start in the same second). A last line without its newline is dropped with
 * a warning: the profiler may have been killed mid-write.
 */
export function decodeDat(input: Uint8Array | string, file: string | null = null): Recording[] {
  const bytes =
    typeof input === 'string'
      ? Buffer.from(input, 'utf8')
      : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (bytes.length === 0) throw new DatError(file, 'empty file: no samples');
  if (bytes.includes(0)) throw new DatError(file, 'binary data, not a recording');
  const warnings: string[] = [];
  const runs: RunBuilder[] = [new RunBuilder(file)];
  let run = runs[0]!;
  const samples = new SampleScanner(bytes);
  /** One line, bytes[start, end): samples in the plain form by the scanner, everything else by parseLine. */
  const addLine = (start: number, end: number, lineNumber: number): void => {
    const sample = samples.read(start, end);
    if (sample.kind === 'MEM') {
      run.addMem(sample.bytes, sample.time);
      return;
    }
    if (sample.kind === 'CHLD') {
      run.addChld(sample.pid, sample.bytes, sample.time);
      return;
    }
    let line: Line;
    try {
      line = parseLine(bytes.toString('utf8', start, bytes[end - 1] === CR ? end - 1 : end));
    } catch (error) {
      if (error instanceof LineError) throw new DatError(file, error.message, lineNumber);
      throw error;
    }
    if (line.type === 'CMDLINE' && run.rec.command !== null) {
      run = new RunBuilder(file);
      runs.push(run);
    }
    run.add(line);
  };
  let lineNumber = 0;
  for (let start = 0; start < bytes.length; ) {
    lineNumber++;
    const end = bytes.indexOf(NEWLINE, start);
    if (end < 0) {
      warnings.push(`line ${lineNumber} is incomplete (the profiler may have been killed) and was ignored`);
      break;
    }
    if (end > start) addLine(start, end, lineNumber);
    start = end + 1;
  }
  const withData = runs.filter((r) => r.hasData);
  if (withData.length === 0) throw new DatError(file, 'no samples (no MEM or CHLD line)');
  if (withData.length > 1)
    warnings.push(`holds ${withData.length} runs written into one file; each is read as its own run`);
  return withData.map((r) => {
    const rec = r.finish();
    rec.warnings.push(...warnings);
    return rec;
  });
}
