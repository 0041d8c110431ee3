import { MemprofError, EXIT } from '../errors.js';

/** A `.dat` file that cannot be read: names the file and, for a bad line, its number. Exit 2. */
export class DatError extends MemprofError {
  constructor(file: string | null, message: string, line?: number) {
    const where = file ?? '<input>';
    super(line === undefined ? `${where}: ${message}` : `${where}:${line}: ${message}`, { exitCode: EXIT.usage });
    this.name = 'DatError';
  }
}

/** Why a file cannot be opened or read, from the error code. */
export function readFailure(code: string | undefined): string {
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory, not a recording';
  return `cannot read (${code ?? 'unknown error'})`;
}
