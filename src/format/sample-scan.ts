import { mibToBytes } from './parse-line.js';

/** Exact powers of ten: an integer under 2^53 divided by one of these is the correctly rounded decimal. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
const MAX_EXACT_DIGITS = 15;
const MAX_SMALL = 0x7fffffff;
const NEWLINE = 10;
const SPACE = 32;
const DOT = 46;
const ZERO = 48;
/** What `stop` holds when a field ran to the end of the range, or held no digit. */
const RANGE_END = -1;
const NO_DIGIT = -2;

/** A MEM or CHLD line read in place: kind, then its fields (pid is -1 for MEM). */
export interface SampleLine {
  kind: 'MEM' | 'CHLD' | null;
  pid: number;
  bytes: number;
  time: number;
}

/**
 * Reads the two lines that make up nearly all of a recording, `MEM <MiB> <time>` and
 * `CHLD <pid> <MiB> <time>`, straight from the file's bytes, making no string and no object: decoding a
 * 1,000,000-line file spent most of its time turning bytes into text, slicing, splitting and collecting.
 * Only the plain form is taken (digits, one optional '.', single spaces, nothing after the last field);
 * anything else, including a '\r', is left to parseLine, which reads every form and names what is wrong.
 */
export class SampleScanner {
  /** Where the line read by `readLine` ends: the index after its newline. */
  next = 0;
  private pos = 0;
  /** The byte that ended the last field read (a space, a newline...), or RANGE_END, or NO_DIGIT. */
  private stop = 0;
  /** The last field's value: kept in a field, not returned, so that reading a number allocates nothing. */
  private value = 0.5;
  /** The last time field: where it was, its length, the byte after it and its value (see `time`). */
  private timeStart = 0;
  private timeLength = 0;
  private timeStop = 0;
  private timeValue = 0.5;
  private readonly words: DataView;
  /** Reused: valid until the next call to `read` or `readLine`. */
  private readonly line: SampleLine = { kind: null, pid: -1, bytes: 0, time: 0 };

  constructor(private readonly bytes: Buffer) {
    this.words = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** The bytes changed (a reused buffer was filled again): a time read from them before is no guide. */
  forget(): void {
    this.timeLength = 0;
  }

  /** The sample on bytes[start, end) (no newline), or a line of kind null when it is not one in the plain form. */
  read(start: number, end: number): SampleLine {
    return this.scan(start, end, RANGE_END);
  }

  /**
   * The sample of the line that starts at `start` and ends at the next newline before `limit`, in one pass
   * over its bytes; `next` is then the index after that newline. Kind null when the line is not a plain
   * sample or has no newline before `limit` (`next` is then not set): the caller finds its end itself.
   */
  readLine(start: number, limit: number): SampleLine {
    const line = this.scan(start, limit, NEWLINE);
    if (line.kind !== null) this.next = this.pos;
    return line;
  }

  /** The sample at start, its last field ended by `last` (NEWLINE, or RANGE_END at `end`). */
  private scan(start: number, end: number, last: number): SampleLine {
    const line = this.line;
    line.kind = null;
    const kind = this.kind(start, end);
    if (kind === null) return line;
    let pid = -1;
    if (kind === 'CHLD') {
      this.decimal(this.pos, end);
      // A pid past 2^31 is left to parseLine: a pid kept a small integer never makes a number object.
      if (this.stop !== SPACE || !Number.isInteger(this.value) || this.value > MAX_SMALL) return line;
      pid = this.value | 0;
    }
    this.decimal(this.pos, end);
    if (this.stop !== SPACE) return line;
    const bytes = mibToBytes(this.value);
    this.time(this.pos, end);
    if (this.stop !== last) return line;
    line.kind = kind;
    line.pid = pid;
    line.bytes = bytes;
    line.time = this.value;
    return line;
  }

  /**
   * The time field. All the lines of one tick carry the same time text, so a field that repeats the last
   * one read (compared four bytes at a time) is that value again and is not read digit by digit.
   */
  private time(start: number, end: number): void {
    const length = this.timeLength;
    const stop = start + length;
    if (
      length > 0 &&
      stop < end &&
      this.bytes[stop] === this.timeStop &&
      this.sameText(this.timeStart, start, length)
    ) {
      this.pos = stop + 1;
      this.stop = this.timeStop;
      this.value = this.timeValue;
    } else {
      this.decimal(start, end);
      this.timeLength = this.stop >= 0 ? this.pos - 1 - start : 0;
      this.timeStop = this.stop;
      this.timeValue = this.value;
    }
    this.timeStart = start;
  }

  private sameText(a: number, b: number, length: number): boolean {
    const words = this.words;
    let k = 0;
    for (; k + 4 <= length; k += 4) if (words.getUint32(a + k) !== words.getUint32(b + k)) return false;
    for (; k < length; k++) if (this.bytes[a + k] !== this.bytes[b + k]) return false;
    return true;
  }

  /** 'MEM ' or 'CHLD ' at start, which pos is then moved past. */
  private kind(start: number, end: number): 'MEM' | 'CHLD' | null {
    const b = this.bytes;
    if (end - start > 4 && b[start] === 77 && b[start + 1] === 69 && b[start + 2] === 77 && b[start + 3] === SPACE) {
      this.pos = start + 4;
      return 'MEM';
    }
    if (
      end - start > 5 &&
      b[start] === 67 &&
      b[start + 1] === 72 &&
      b[start + 2] === 76 &&
      b[start + 3] === 68 &&
      b[start + 4] === SPACE
    ) {
      this.pos = start + 5;
      return 'CHLD';
    }
    return null;
  }

  /**
   * The plain non-negative decimal at `start`, into `value`, up to the first byte that is neither a digit
   * nor its one '.' (kept in `stop`), which pos is moved past. The same number as Number() gives: the
   * digits, read as an integer of at most 15 digits, are exact, and so is 10^k for k <= 22, so one division
   * rounds correctly. Longer ones are handed to Number().
   */
  private decimal(start: number, end: number): void {
    const b = this.bytes;
    let value = 0;
    let i = start;
    // The whole part, then the fraction, each loop testing one condition a byte: `digit >>> 0 < 10` is
    // false below '0' as well as above '9'.
    for (; i < end; i++) {
      const digit = b[i]! - ZERO;
      if (digit >>> 0 >= 10) break;
      value = value * 10 + digit;
    }
    let digits = i - start;
    let fraction = 0;
    if (i < end && b[i] === DOT) {
      const dot = ++i;
      for (; i < end; i++) {
        const digit = b[i]! - ZERO;
        if (digit >>> 0 >= 10) break;
        value = value * 10 + digit;
      }
      fraction = i - dot;
      digits += fraction;
    }
    this.pos = i + 1;
    this.stop = digits === 0 ? NO_DIGIT : i < end ? b[i]! : RANGE_END;
    if (digits > MAX_EXACT_DIGITS) this.value = Number(b.toString('latin1', start, i));
    else this.value = fraction > 0 ? value / POW10[fraction]! : value;
  }
}
