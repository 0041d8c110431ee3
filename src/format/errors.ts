import { MemprofError, EXIT } from '../errors.js';

/** A `.dat` file that cannot be read: names the file and, for a bad line, its number. Exit 2. */
export class DatError extends MemprofError {
  constructor(file: string | null, message: string, line?: number) {
    const where = file ?? '<input>';
    super(line === undefined ? `${where}: ${message}` : `${where}:${line}: ${message}`, { exitCode: EXIT.usage });
    this.name = 'DatError';
  }
}
