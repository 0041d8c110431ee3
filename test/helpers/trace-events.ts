// A strict check of Chrome's trace-event JSON as memprof writes it (the JSON Object Format), so a test
// fails on anything the Perfetto UI or chrome://tracing could misread: unknown phases or keys, missing or
// mistyped fields, counters that are not numbers, and complete slices of one thread that overlap without
// nesting (which both viewers refuse).

export interface TraceEvent {
  name: string;
  ph: 'C' | 'X' | 'M' | 'i';
  ts?: number;
  dur?: number;
  pid: number;
  tid: number;
  cat?: string;
  s?: 'g' | 'p' | 't';
  args: Record<string, unknown>;
}

const KEYS: Record<TraceEvent['ph'], string[]> = {
  C: ['name', 'ph', 'ts', 'pid', 'tid', 'args'],
  X: ['name', 'cat', 'ph', 'ts', 'dur', 'pid', 'tid', 'args'],
  M: ['name', 'ph', 'pid', 'tid', 'args'],
  i: ['name', 'cat', 'ph', 'ts', 'pid', 'tid', 's', 'args'],
};

function fail(i: number, why: string): never {
  throw new Error(`traceEvents[${i}]: ${why}`);
}

const isId = (n: unknown): boolean => Number.isInteger(n) && (n as number) >= 0 && (n as number) < 2 ** 32;
const isTime = (n: unknown): boolean => typeof n === 'number' && Number.isFinite(n) && n >= 0;

function checkEvent(e: Record<string, unknown>, i: number): TraceEvent {
  const ph = e.ph as TraceEvent['ph'];
  const allowed = KEYS[ph];
  if (allowed === undefined) fail(i, `unknown phase ${JSON.stringify(e.ph)}`);
  for (const key of Object.keys(e)) if (!allowed.includes(key)) fail(i, `key '${key}' not expected for ph ${ph}`);
  for (const key of ['name', 'ph', 'pid', 'tid', 'args']) if (!(key in e)) fail(i, `no '${key}'`);
  if (typeof e.name !== 'string' || e.name === '') fail(i, 'name is not a non-empty string');
  if (!isId(e.pid) || !isId(e.tid)) fail(i, 'pid or tid is not a 32-bit unsigned integer');
  const args = e.args as Record<string, unknown>;
  if (typeof args !== 'object' || args === null || Array.isArray(args)) fail(i, 'args is not an object');
  if (ph !== 'M' && !isTime(e.ts)) fail(i, 'ts is not a finite time');
  if (ph === 'X' && (!isTime(e.dur) || typeof e.cat !== 'string')) fail(i, 'a complete event needs dur and cat');
  if (ph === 'C') {
    const values = Object.values(args);
    if (values.length === 0 || values.some((v) => typeof v !== 'number' || !Number.isFinite(v)))
      fail(i, 'a counter needs finite numbers in args');
  }
  if (ph === 'M') {
    if (e.name !== 'process_name' && e.name !== 'thread_name') fail(i, `unknown metadata ${e.name}`);
    if (typeof args.name !== 'string') fail(i, 'metadata without args.name');
  }
  if (ph === 'i' && !['g', 'p', 't'].includes(e.s as string)) fail(i, 'an instant needs s: g, p or t');
  return e as unknown as TraceEvent;
}

/** Slices of one thread must nest: each starts after and ends before the one it starts inside. */
function checkNesting(events: TraceEvent[]): void {
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.ph !== 'X') continue;
    const key = `${e.pid}/${e.tid}`;
    byThread.set(key, [...(byThread.get(key) ?? []), e]);
  }
  for (const [thread, slices] of byThread) {
    slices.sort((a, b) => a.ts! - b.ts! || b.dur! - a.dur!);
    const open: number[] = [];
    for (const s of slices) {
      while (open.length > 0 && open.at(-1)! <= s.ts!) open.pop();
      const end = s.ts! + s.dur!;
      if (open.length > 0 && end > open.at(-1)!) throw new Error(`thread ${thread}: '${s.name}' overlaps its parent`);
      open.push(end);
    }
  }
}

/** The events of a trace, after checking it as a whole; throws on the first fault. */
export function checkTrace(text: string): TraceEvent[] {
  const doc = JSON.parse(text) as Record<string, unknown>;
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new Error('not a JSON object');
  for (const key of Object.keys(doc))
    if (!['traceEvents', 'displayTimeUnit', 'otherData'].includes(key)) throw new Error(`unexpected key ${key}`);
  if (!['ms', 'ns'].includes(doc.displayTimeUnit as string)) throw new Error('displayTimeUnit is not ms or ns');
  if (!Array.isArray(doc.traceEvents)) throw new Error('traceEvents is not an array');
  const events = doc.traceEvents.map((e, i) => checkEvent(e as Record<string, unknown>, i));
  checkNesting(events);
  return events;
}
