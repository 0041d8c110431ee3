import { closeSync, openSync, writeSync } from 'node:fs';
import { formatMiB } from '../src/format/encode.js';
import { mibToBytes } from '../src/format/parse-line.js';
import { syntheticPieces } from './plot-recording.js';

/** What was written, and the peak total a reader of the file must find. */
export interface BigRecording {
  bytes: number;
  lines: number;
  /** The largest per-tick total (MEM plus every CHLD of the tick), in the bytes a reader decodes. */
  peakTotalBytes: number;
}

/** About how many bytes a line of the synthetic recording takes, to aim a file at a size. */
const BYTES_PER_LINE = 35.5;
const FLUSH_CHARS = 4 * 1024 * 1024;

/**
 * Write a synthetic recording of about `bytes` bytes (syntheticRecording's shape, 20 processes unless
 * told) to `file`, a piece at a time: a file larger than a string can hold, in little memory.
 */
export function writeBigRecording(file: string, bytes: number, processes = 20, seed = 7): BigRecording {
  const fd = openSync(file, 'w');
  let tick = -1;
  let total = 0;
  let peak = 0;
  const closeTick = (): void => {
    if (tick >= 0) peak = Math.max(peak, total);
  };
  const onSample = (k: number, _pid: number, value: number): void => {
    if (k !== tick) {
      closeTick();
      tick = k;
      total = 0;
    }
    total += mibToBytes(Number(formatMiB(value)));
  };
  let written = 0;
  let lines = 0;
  let pending: string[] = [];
  let pendingChars = 0;
  const flush = (): void => {
    const text = pending.join('');
    written += writeSync(fd, text);
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
    pending = [];
    pendingChars = 0;
  };
  try {
    for (const piece of syntheticPieces({ processes, lines: Math.round(bytes / BYTES_PER_LINE), seed }, onSample)) {
      pending.push(piece);
      pendingChars += piece.length;
      if (pendingChars >= FLUSH_CHARS) flush();
    }
    flush();
    closeTick();
  } finally {
    closeSync(fd);
  }
  return { bytes: written, lines, peakTotalBytes: peak };
}
