// A tape: a recording's lines as a scanning thread read them, in shared memory, for the reading thread to
// fold. One slot of the ring holds a piece of the file's bytes and, per line in order, its kind and fields:
// a sample's pid, bytes and time, or where another line lies in the piece (parsed by the reader, in order).

/** What a slot holds: written by the scanner, then handed over; the reader hands it back once folded. */
export const SLOT = { free: 0, ready: 1, last: 2, failed: 3 } as const;
/** Why a slot failed. */
export const FAILURE = { binary: 1, read: 2, longLine: 3 } as const;
export const KIND = { mem: 0, chld: 1, other: 2, empty: 3, huge: 4 } as const;

/** A slot's size: bytes of the file, and lines at most (a tape full before its bytes are scanned carries them on). */
export interface SlotSize {
  bytes: number;
  lines: number;
}

export const SLOT_SIZE: SlotSize = { bytes: 1 << 20, lines: 1 << 16 };
export const SLOTS = 3;

/**
 * The share of each slot's whole lines the scanner puts on the tape, in thousandths, in shared memory: the
 * reader decodes the rest itself, and moves the share towards whichever of the two waited less.
 */
export const SHARE = { start: 700, least: 200, most: 1000, step: 20 } as const;

/** meta's fields. */
export const META = {
  state: 0,
  count: 1,
  read: 2,
  unfinished: 3,
  failure: 4,
  started: 5,
  /** Where the tape's lines end, and where the slot's whole lines do: the reader decodes the lines between. */
  scannedTo: 6,
  whole: 7,
  /** How long the scanner waited for this slot to be handed back, in microseconds. */
  waited: 8,
  /** Set by the scanner, on the first slot, once it has finished with a read and its descriptor. */
  done: 9,
} as const;
const META_INTS = 10;

export interface Tape {
  meta: Int32Array;
  kinds: Uint8Array;
  pids: Int32Array;
  /** Per line two numbers: a sample's bytes and time, or another line's start and end in `bytes`. */
  nums: Float64Array;
  bytes: Buffer;
}

/** Where each part of a slot lies in its memory, from the largest alignment down. */
function layout(size: SlotSize): { meta: number; pids: number; kinds: number; bytes: number; total: number } {
  const meta = size.lines * 2 * 8;
  const pids = meta + META_INTS * 4;
  const kinds = pids + size.lines * 4;
  const bytes = kinds + size.lines;
  return { meta, pids, kinds, bytes, total: bytes + size.bytes };
}

/** Shared memory for one slot. */
export function slotMemory(size: SlotSize): SharedArrayBuffer {
  return new SharedArrayBuffer(layout(size).total);
}

/** The views of one slot's shared memory. */
export function tapeOf(memory: SharedArrayBuffer, size: SlotSize): Tape {
  const at = layout(size);
  return {
    meta: new Int32Array(memory, at.meta, META_INTS),
    kinds: new Uint8Array(memory, at.kinds, size.lines),
    pids: new Int32Array(memory, at.pids, size.lines),
    nums: new Float64Array(memory, 0, size.lines * 2),
    bytes: Buffer.from(memory, at.bytes, size.bytes),
  };
}

/** Wait until the slot's state is no longer `state`. */
export function waitWhile(tape: Tape, state: number): number {
  for (;;) {
    const now = Atomics.load(tape.meta, META.state);
    if (now !== state) return now;
    Atomics.wait(tape.meta, META.state, state);
  }
}

export function setState(tape: Tape, state: number): void {
  Atomics.store(tape.meta, META.state, state);
  Atomics.notify(tape.meta, META.state);
}
