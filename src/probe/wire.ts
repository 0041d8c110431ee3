// What Node processes send memprof over the run's channel (a FIFO), one message a line. Each line is
// written in one write(2) of less than PIPE_BUF bytes, so lines from many processes never interleave.
// Sizes are bytes and times epoch milliseconds, as integers: cheap to write in the target.

/** The environment variables a run gives its command. */
export const CHANNEL_VARIABLE = 'MEMPROF_CHANNEL';
/** The probe's sampling period in ms; set only when Node processes are probed (--node). */
export const PERIOD_VARIABLE = 'MEMPROF_NODE_PERIOD';

/** Longer labels are cut: a message must fit in one atomic pipe write. */
export const MAX_LABEL = 1000;

/** One isolate's `process.memoryUsage()`: the main thread's (thread 0) or a worker's. */
export interface HeapMessage {
  kind: 'heap';
  pid: number;
  thread: number;
  timeMs: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

/** One isolate's `v8.getHeapStatistics()`, at a slower pace. */
export interface V8Message {
  kind: 'v8';
  pid: number;
  thread: number;
  timeMs: number;
  physical: number;
  limit: number;
  malloced: number;
  nativeContexts: number;
  detachedContexts: number;
}

/** A worker thread ended: its heap no longer counts towards its process's. */
export interface ThreadEndMessage {
  kind: 'end';
  pid: number;
  thread: number;
  timeMs: number;
}

/** `memprof mark <label>` or the API's mark(): a phase begins. */
export interface MarkMessage {
  kind: 'mark';
  pid: number;
  timeMs: number;
  label: string;
}

export type ProbeMessage = HeapMessage | V8Message | ThreadEndMessage | MarkMessage;

export function heapWire(pid: number, thread: number, timeMs: number, m: NodeJS.MemoryUsage): string {
  return `H ${pid} ${thread} ${timeMs} ${m.heapUsed} ${m.heapTotal} ${m.external} ${m.arrayBuffers}\n`;
}

export interface V8Figures {
  total_physical_size: number;
  heap_size_limit: number;
  malloced_memory: number;
  number_of_native_contexts: number;
  number_of_detached_contexts: number;
}

export function v8Wire(pid: number, thread: number, timeMs: number, s: V8Figures): string {
  return (
    `V ${pid} ${thread} ${timeMs} ${s.total_physical_size} ${s.heap_size_limit} ${s.malloced_memory} ` +
    `${s.number_of_native_contexts} ${s.number_of_detached_contexts}\n`
  );
}

export function endWire(pid: number, thread: number, timeMs: number): string {
  return `E ${pid} ${thread} ${timeMs}\n`;
}

/** A label on one line: control characters become spaces, and it is cut to MAX_LABEL characters. */
export function cleanLabel(label: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: replacing control characters is the point
  return label.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, MAX_LABEL);
}

/** The label as JSON in ASCII (\\u escapes): memprof reads the channel as bytes, a line at a time. */
export function markWire(pid: number, timeMs: number, label: string): string {
  const json = JSON.stringify(cleanLabel(label)).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `M ${pid} ${timeMs} ${json}\n`;
}

/** A non-negative integer field; NaN for anything else. */
function int(text: string | undefined): number {
  return text !== undefined && /^\d{1,16}$/.test(text) ? Number(text) : NaN;
}

function allNumbers(values: number[]): boolean {
  return values.every((v) => !Number.isNaN(v));
}

/** One line of the channel (no newline); null when it is not a message (a stranger wrote to the FIFO). */
export function parseWire(line: string): ProbeMessage | null {
  const f = line.split(' ');
  const [pid, second, timeMs] = [int(f[1]), int(f[2]), int(f[3])];
  switch (f[0]) {
    case 'H': {
      const [heapUsed, heapTotal, external, arrayBuffers] = [int(f[4]), int(f[5]), int(f[6]), int(f[7])];
      if (f.length !== 8 || !allNumbers([pid, second, timeMs, heapUsed, heapTotal, external, arrayBuffers]))
        return null;
      return { kind: 'heap', pid, thread: second, timeMs, heapUsed, heapTotal, external, arrayBuffers };
    }
    case 'V': {
      const [physical, limit, malloced, nativeContexts, detachedContexts] = f.slice(4).map(int) as number[];
      const values = [pid, second, timeMs, physical!, limit!, malloced!, nativeContexts!, detachedContexts!];
      if (f.length !== 9 || !allNumbers(values)) return null;
      return {
        kind: 'v8',
        pid,
        thread: second,
        timeMs,
        physical: physical!,
        limit: limit!,
        malloced: malloced!,
        nativeContexts: nativeContexts!,
        detachedContexts: detachedContexts!,
      };
    }
    case 'E':
      if (f.length !== 4 || !allNumbers([pid, second, timeMs])) return null;
      return { kind: 'end', pid, thread: second, timeMs };
    case 'M':
      return markMessage(pid, second, line);
    default:
      return null;
  }
}

/** `M <pid> <ms> <label JSON>`: the label is the rest of the line. */
function markMessage(pid: number, timeMs: number, line: string): MarkMessage | null {
  if (!allNumbers([pid, timeMs])) return null;
  const text = line.split(' ', 3).join(' ');
  try {
    const label: unknown = JSON.parse(line.slice(text.length + 1));
    return typeof label === 'string' ? { kind: 'mark', pid, timeMs, label: cleanLabel(label) } : null;
  } catch {
    return null;
  }
}
