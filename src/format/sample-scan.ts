import { mibToBytes } from './parse-line.js';

/** Exact powers of ten: an integer under 2^53 divided by one of these is the correctly rounded decimal. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
const MAX_EXACT_DIGITS = 15;
const SPACE = 32;
const DOT = 46;
const ZERO = 48;
const NINE = 57;

/** A MEM or CHLD line read in place: kind, then its fields (pid is -1 for MEM). */
export interface SampleLine {
  kind: 'MEM' | 'CHLD' | null;
  pid: number;
  bytes: number;
  time: number;
}

const MEM = [77, 69, 77, SPACE]; // 'MEM '
const CHLD = [67, 72, 76, 68, SPACE]; // 'CHLD '

/**
 * Reads the two lines that make up nearly all of a recording, `MEM <MiB> <time>` and
 * `CHLD <pid> <MiB> <time>`, straight from the file's bytes, making no string and no object: decoding a
 * 1,000,000-line file spent most of its time turning bytes into text, slicing, splitting and collecting.
 * Only the plain form is taken (digits, one optional '.', single spaces, nothing after the last field);
 * anything else, including a '\r', is left to parseLine, which reads every form and names what is wrong.
 */
export class SampleScanner {
  private pos = 0;
  private end = 0;
  /** Reused: valid until the next call to `read`. */
  private readonly line: SampleLine = { kind: null, pid: -1, bytes: 0, time: 0 };

  constructor(private readonly bytes: Buffer) {}

  /** The sample on bytes[start, end) (no newline), or a line of kind null when it is not one in the plain form. */
  read(start: number, end: number): SampleLine {
    const line = this.line;
    line.kind = null;
    this.pos = start;
    this.end = end;
    const kind = this.word(MEM) ? 'MEM' : this.word(CHLD) ? 'CHLD' : null;
    if (kind === null) return line;
    const pid = kind === 'CHLD' ? this.decimal() : -1;
    const mib = this.decimal();
    const time = this.decimal();
    if (this.pos > end && Number.isInteger(pid) && mib >= 0 && time >= 0) {
      line.kind = kind;
      line.pid = pid;
      line.bytes = mibToBytes(mib);
      line.time = time;
    }
    return line;
  }

  /** Whether the line goes on with `word` (a type and its space), which pos is then moved past. */
  private word(word: readonly number[]): boolean {
    const { bytes, pos } = this;
    if (this.end - pos < word.length) return false;
    for (let k = 0; k < word.length; k++) {
      if (bytes[pos + k] !== word[k]) return false;
    }
    this.pos += word.length;
    return true;
  }

  /**
   * The plain non-negative decimal at pos, ending at a space or the line's end, which pos is moved past;
   * NaN for anything else. The same number as Number() gives: the digits, read as an integer of at most
   * 15 digits, are exact, and so is 10^k for k <= 22, so one division rounds correctly. Longer ones are
   * handed to Number().
   */
  private decimal(): number {
    const { bytes, end } = this;
    const start = this.pos;
    let value = 0;
    let digits = 0;
    let fraction = -1;
    let i = start;
    for (; i < end; i++) {
      const c = bytes[i]!;
      if (c >= ZERO && c <= NINE) {
        value = value * 10 + (c - ZERO);
        digits++;
        if (fraction >= 0) fraction++;
      } else if (c === DOT && fraction < 0) {
        fraction = 0;
      } else if (c === SPACE) {
        break;
      } else {
        return NaN;
      }
    }
    this.pos = i + 1;
    if (digits === 0) return NaN;
    if (digits > MAX_EXACT_DIGITS) return Number(bytes.toString('latin1', start, i));
    return fraction > 0 ? value / POW10[fraction]! : value;
  }
}
