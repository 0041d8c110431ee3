import { MiB } from '../units.js';
import { CGROUP_MAX_FIELDS, parseCgroupLine, type CgroupLine } from './cgroup-lines.js';
import type { Header, Metric, MemScope } from './types.js';

/** One decoded line. Unknown but well-formed line types decode to `other` (mprof ignores them too). */
export type Line =
  | { type: 'CMDLINE'; command: string }
  | { type: 'MEM'; bytes: number; time: number }
  | { type: 'CHLD'; pid: number; bytes: number; time: number }
  | { type: 'FUNC'; name: string; memStart: number; start: number; memEnd: number; end: number; level: number | null }
  | { type: 'MEMPROF'; header: Header }
  | { type: 'PROC'; pid: number; ppid: number; startTime: number; seen: number; command: string }
  | { type: 'CMD'; pid: number; command: string }
  | { type: 'EXIT'; pid: number; lastSeen: number; goneAt: number | null }
  | { type: 'HWM'; pid: number; bytes: number; time: number }
  | { type: 'UNREAD'; pid: number; time: number; reason: string }
  | { type: 'DONE'; time: number; exitCode: number | null }
  | { type: 'PACE'; seconds: number; time: number }
  | CgroupLine
  | HeapLine
  | V8Line
  | { type: 'HEAPEND'; pid: number; thread: number; time: number }
  | MarkLine
  | { type: 'PERIOD'; seconds: number; time: number }
  | { type: 'other' };

/** One isolate's heap of a Node process (thread 0: its main thread), in bytes. */
export interface HeapLine {
  type: 'HEAP';
  pid: number;
  thread: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  time: number;
}

/** V8's heap statistics of one isolate, in bytes and counts. */
export interface V8Line {
  type: 'V8';
  pid: number;
  thread: number;
  physical: number;
  limit: number;
  malloced: number;
  nativeContexts: number;
  detachedContexts: number;
  time: number;
}

/** A phase marker: from `time` on, the run is in the phase `label`. */
export interface MarkLine {
  type: 'MARK';
  pid: number;
  time: number;
  label: string;
}

export const FORMAT_VERSION = 1;

/**
 * What is wrong with a line: `garbled` (not a recording line, or a field that is not what its place needs),
 * `not-decimal` (a number written another way, such as 0x1A: mprof's float() refuses it), `unsupported`
 * (a header this memprof cannot read the file by).
 */
export type LineFault = 'garbled' | 'not-decimal' | 'unsupported';

/** Thrown for a malformed line; the reader adds the file name and line number. */
export class LineError extends Error {
  constructor(
    message: string,
    readonly fault: LineFault = 'garbled',
  ) {
    super(message);
  }
}

/** A number as mprof's float() reads it, except inf and nan: digits, one optional '.', an exponent. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function num(text: string | undefined, what: string): number {
  const value = text === undefined || text === '' ? NaN : Number(text);
  if (!Number.isFinite(value)) throw new LineError(`${what} is not a number: '${text ?? ''}'`);
  if (!DECIMAL.test(text!)) throw new LineError(`${what} is not a decimal number: '${text}'`, 'not-decimal');
  return value;
}

/** A file's MiB figure as the bytes every reader of it works in. */
export function mibToBytes(mib: number): number {
  return Math.round(mib * MiB);
}

function bytesOf(text: string | undefined): number {
  const mib = num(text, 'memory value');
  if (mib < 0) throw new LineError(`negative memory value: '${text}'`);
  return mibToBytes(mib);
}

function pidOf(text: string | undefined): number {
  const pid = num(text, 'pid');
  if (!Number.isInteger(pid) || pid < 0) throw new LineError(`invalid pid: '${text}'`);
  return pid;
}

function secondsOf(text: string | undefined, what: 'pace' | 'period'): number {
  const seconds = num(text, what);
  if (seconds <= 0) throw new LineError(`${what} must be more than 0 seconds: '${text}'`);
  return seconds;
}

function jsonString(text: string, what = 'command line'): string {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'string') return value;
  } catch {
    /* fall through */
  }
  throw new LineError(`invalid quoted ${what}: ${text.slice(0, 60)}`);
}

function header(fields: string[]): Header {
  const version = num(fields[0], 'format version');
  if (version > FORMAT_VERSION) {
    throw new LineError(
      `written by a newer memprof (format ${version}); this memprof reads format ${FORMAT_VERSION}`,
      'unsupported',
    );
  }
  const kv = new Map(fields.slice(1).map((f) => f.split('=', 2) as [string, string]));
  const metric = kv.get('metric') ?? 'rss';
  if (!['rss', 'pss', 'uss'].includes(metric)) throw new LineError(`unknown metric '${metric}'`, 'unsupported');
  const memScope = kv.get('mem') === 'tree' ? 'tree' : 'root';
  return {
    version,
    metric: metric as Metric,
    memScope: memScope as MemScope,
    intervalSeconds: num(kv.get('interval') ?? '0', 'interval'),
    perProcess: kv.get('per_process') === '1',
    source: kv.get('source') ?? 'unknown',
    finalExits: kv.get('exits') === 'final',
    ...(kv.get('node') === '1' ? { nodeProbe: true } : {}),
  };
}

/** Decode one line (without its newline). */
export function parseLine(line: string): Line {
  const space = line.indexOf(' ');
  const type = space < 0 ? line : line.slice(0, space);
  const rest = space < 0 ? '' : line.slice(space + 1);
  const f = rest.split(' ');
  switch (type) {
    case 'CMDLINE':
      return { type, command: rest };
    case 'MEM':
      return { type, bytes: bytesOf(f[0]), time: num(f[1], 'timestamp') };
    case 'CHLD':
      return { type, pid: pidOf(f[0]), bytes: bytesOf(f[1]), time: num(f[2], 'timestamp') };
    case 'FUNC':
      return {
        type,
        name: f[0] ?? '',
        memStart: bytesOf(f[1]),
        start: num(f[2], 'timestamp'),
        memEnd: bytesOf(f[3]),
        end: num(f[4], 'timestamp'),
        level: f[5] === undefined ? null : num(f[5], 'level'),
      };
    case 'MEMPROF':
      return { type, header: header(f) };
    case 'PROC':
      return {
        type,
        pid: pidOf(f[0]),
        ppid: pidOf(f[1]),
        startTime: num(f[2], 'start time'),
        seen: num(f[3], 'timestamp'),
        command: jsonString(f.slice(4).join(' ')),
      };
    case 'CMD':
      return { type, pid: pidOf(f[0]), command: jsonString(f.slice(1).join(' ')) };
    case 'EXIT':
      return {
        type,
        pid: pidOf(f[0]),
        lastSeen: num(f[1], 'timestamp'),
        goneAt: f[2] === undefined ? null : num(f[2], 'timestamp'),
      };
    case 'HWM':
      return { type, pid: pidOf(f[0]), bytes: bytesOf(f[1]), time: num(f[2], 'timestamp') };
    case 'UNREAD':
      return { type, pid: pidOf(f[0]), time: num(f[1], 'timestamp'), reason: f.slice(2).join(' ') };
    case 'DONE':
      return { type, time: num(f[0], 'timestamp'), exitCode: f[1] === undefined ? null : num(f[1], 'exit code') };
    case 'PACE':
      return { type, seconds: secondsOf(f[0], 'pace'), time: num(f[1], 'timestamp') };
    case 'HEAP':
    case 'V8':
    case 'HEAPEND':
    case 'MARK':
      return nodeLine(type, f);
    case 'PERIOD':
      return { type, seconds: secondsOf(f[0], 'period'), time: num(f[1], 'timestamp') };
    default: {
      const cgroup = parseCgroupLine(type, f, CGROUP_FIELDS);
      if (cgroup !== null) return cgroup;
      if (/^[A-Z][A-Z0-9_]*$/.test(type) && space > 0) return { type: 'other' };
      throw new LineError(`not a recording line: '${line.slice(0, 40)}'`);
    }
  }
}

const CGROUP_FIELDS = {
  bytes: bytesOf,
  number: num,
  pid: pidOf,
  quoted: jsonString,
  fail: (message: string): never => {
    throw new LineError(message);
  },
};
/** The lines a Node probe's messages become (see docs/format.md, "Node processes"). */
function nodeLine(type: 'HEAP' | 'V8' | 'HEAPEND' | 'MARK', f: string[]): Line {
  const pid = pidOf(f[0]);
  if (type === 'MARK')
    return { type, pid, time: num(f[1], 'timestamp'), label: jsonString(f.slice(2).join(' '), 'label') };
  const thread = pidOf(f[1]);
  if (type === 'HEAPEND') return { type, pid, thread, time: num(f[2], 'timestamp') };
  if (type === 'HEAP') {
    const [heapUsed, heapTotal, external, arrayBuffers] = [f[2], f[3], f[4], f[5]].map(bytesOf) as number[];
    return {
      type,
      pid,
      thread,
      heapUsed: heapUsed!,
      heapTotal: heapTotal!,
      external: external!,
      arrayBuffers: arrayBuffers!,
      time: num(f[6], 'timestamp'),
    };
  }
  return {
    type,
    pid,
    thread,
    physical: bytesOf(f[2]),
    limit: bytesOf(f[3]),
    malloced: bytesOf(f[4]),
    nativeContexts: countOf(f[5]),
    detachedContexts: countOf(f[6]),
    time: num(f[7], 'timestamp'),
  };
}

function countOf(text: string | undefined): number {
  const n = num(text, 'count');
  if (!Number.isInteger(n) || n < 0) throw new LineError(`invalid count: '${text}'`);
  return n;
}

/** The most fields each line type has after its type; the others end in free text (or key=value pairs). */
const MAX_FIELDS: Partial<Record<string, number>> = {
  MEM: 2,
  CHLD: 3,
  FUNC: 6,
  EXIT: 3,
  HWM: 3,
  DONE: 2,
  PACE: 2,
  PERIOD: 2,
  ...CGROUP_MAX_FIELDS,
  HEAP: 7,
  V8: 8,
  HEAPEND: 3,
};

/** Whether a line has fields past the last its type has: parseLine ignores them, as mprof's reader does. */
export function hasExtraFields(line: string): boolean {
  // Spaces counted, not the line split: a PROC line's command (no limit) is most of a churning file.
  const space = line.indexOf(' ');
  const max = MAX_FIELDS[space < 0 ? line : line.slice(0, space)];
  if (max === undefined) return false;
  let fields = 0;
  for (let at = space; at >= 0; at = line.indexOf(' ', at + 1)) fields++;
  return fields > max;
}
