import { MemprofError } from '../errors.js';

export interface RunOptions {
  command: string[];
  multiprocess: boolean;
  includeChildren: boolean;
  intervalSeconds: number;
  output: string | null;
  timeoutSeconds: number | null;
  source: 'auto' | 'procfs' | 'ps';
  quiet: boolean;
}

export async function runCommand(_options: RunOptions): Promise<number> {
  throw new MemprofError('run: under construction');
}
