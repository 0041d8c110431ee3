import { readdirSync } from 'node:fs';
import { join } from 'node:path';

// mprof names recordings mprofile_YYYYMMDDhhmmss.dat; memprof adds _N when that name is taken.
const RECORDING_NAME = /^mprofile_(\d{14})(?:_(\d+))?\.dat$/;

export function isRecordingName(name: string): boolean {
  return RECORDING_NAME.test(name);
}

function sortKey(name: string): [string, number] {
  const m = RECORDING_NAME.exec(name)!;
  return [m[1]!, m[2] === undefined ? 1 : Number(m[2])];
}

/** Recordings in `dir` by mprof's naming rule, oldest first (mprof's `list` order). */
export function listRecordingFiles(dir = '.'): string[] {
  const names = readdirSync(dir).filter(isRecordingName);
  names.sort((a, b) => {
    const [ta, na] = sortKey(a);
    const [tb, nb] = sortKey(b);
    return ta < tb ? -1 : ta > tb ? 1 : na - nb;
  });
  return dir === '.' ? names : names.map((n) => join(dir, n));
}

function stamp(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}` +
    `${p(date.getHours())}${p(date.getMinutes())}${p(date.getSeconds())}`
  );
}

/** The default name of the n-th recording started in the same second: n = 1 is mprof's own name. */
export function recordingName(date: Date, n: number): string {
  const base = `mprofile_${stamp(date)}`;
  return n === 1 ? `${base}.dat` : `${base}_${n}.dat`;
}
