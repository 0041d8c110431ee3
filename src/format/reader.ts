import { readFileSync, statSync } from 'node:fs';
import { decodeDat } from './decode.js';
import { DatError } from './errors.js';
import type { Recording } from './types.js';

/** Read a `.dat` file into its runs; every failure is a DatError naming the file (exit 2). */
export function readRecordings(file: string): Recording[] {
  let bytes: Buffer;
  try {
    if (statSync(file).isDirectory()) throw new DatError(file, 'is a directory, not a recording');
    bytes = readFileSync(file);
  } catch (error) {
    if (error instanceof DatError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES'
          ? 'permission denied'
          : `cannot read (${code ?? String(error)})`;
    throw new DatError(file, why);
  }
  return decodeDat(bytes, file);
}
