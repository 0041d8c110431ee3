import { basename, dirname, extname, join } from 'node:path';
import { usageError } from '../errors.js';

/** Default output: the recording's name with .svg next to it; for several, `<first>_compare.svg`. */
export function defaultOutput(files: string[]): string {
  const first = files[0]!;
  const stem = basename(first, extname(first));
  return join(dirname(first), files.length > 1 ? `${stem}_compare.svg` : `${stem}.svg`);
}

export type OutputFormat = 'svg' | 'html' | 'ascii';

/** The format an output name asks for: .svg, .html (.htm), or .txt for the terminal chart in a file. */
export function outputFormat(file: string): OutputFormat {
  const ext = extname(file).toLowerCase();
  if (ext === '.svg') return 'svg';
  if (ext === '.html' || ext === '.htm') return 'html';
  if (ext === '.txt') return 'ascii';
  throw usageError(
    `cannot tell the format of '${file}'`,
    'name the output .svg, .html or .txt (terminal chart), or use --ascii',
  );
}
