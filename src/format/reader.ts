import { readFileSync, statSync } from 'node:fs';
import { decodeDat } from './decode.js';
import { DatError } from './errors.js';
import type { Recording } from './types.js';

/** Read a `.dat` file into its runs; every failure is a DatError naming the file (exit 2). */
export function readRecordings(file: string): Recording[] {
  let bytes: Buffer;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) throw new DatError(file, 'is a directory, not a recording');
    // A device such as /dev/zero never ends: reading it would grow without limit.
    if (stat.isCharacterDevice() || stat.isBlockDevice()) throw new DatError(file, 'is a device, not a recording');
    bytes = readFileSync(file);
  } catch (error) {
    if (error instanceof DatError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES'
          ? 'permission denied'
          : code === 'ERR_FS_FILE_TOO_LARGE'
            ? 'is larger than 2 GiB, more than this memprof can read at once'
            : `cannot read (${code ?? String(error)})`;
    throw new DatError(file, why);
  }
  return decodeDat(bytes, file);
}
