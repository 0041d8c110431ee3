// Byte-level parsers for the reads made on every tick (statm, loadavg): they parse the read buffer in
// place, so a tick makes no string for them. The text parsers beside them (parse.ts) serve the rarer reads.

const SPACE = 0x20;
const NEWLINE = 0x0a;
const ZERO = 0x30;
const NINE = 0x39;

/** The unsigned integer starting at `start`; NaN when no digit is there. */
function digitsAt(bytes: Uint8Array, end: number, start: number): number {
  let value = 0;
  let i = start;
  for (; i < end; i++) {
    const c = bytes[i]!;
    if (c < ZERO || c > NINE) break;
    value = value * 10 + (c - ZERO);
  }
  return i === start ? NaN : value;
}

/** Field `index` (from 0) of space-separated `bytes[0, length)` as an unsigned integer; NaN when missing. */
export function fieldNumber(bytes: Uint8Array, length: number, index: number): number {
  let i = 0;
  for (let field = 0; field < index; field++) {
    while (i < length && bytes[i] !== SPACE) i++;
    if (i++ >= length) return NaN;
  }
  return digitsAt(bytes, length, i);
}

/** The last space-separated field as an unsigned integer (`/proc/loadavg` ends with the newest pid). */
export function lastFieldNumber(bytes: Uint8Array, length: number): number {
  let end = length;
  while (end > 0 && (bytes[end - 1] === NEWLINE || bytes[end - 1] === SPACE)) end--;
  let start = end;
  while (start > 0 && bytes[start - 1] !== SPACE) start--;
  return digitsAt(bytes, end, start);
}
