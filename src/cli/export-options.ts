import type { Command } from 'commander';
import { usageError } from '../errors.js';
import { FORMAT_NAMES } from './export.js';

/** One `--export FORMAT=FILE` of `run` or `attach`: written from the recording once it is closed. */
export interface ExportRequest {
  format: string;
  output: string;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function addExportOptions(command: Command): Command {
  return command.option(
    '--export <format=file>',
    `once the recording is closed, also write it as \`memprof export\` does (${FORMAT_NAMES.join(', ')}); ` +
      'FILE may be - for standard output; repeat for several',
    collect,
    [],
  );
}

/** `--export` values, checked before the command starts: a format that does not exist is a usage error. */
export function exportsFrom(raw: Record<string, unknown>): ExportRequest[] {
  const values = Array.isArray(raw.export) ? (raw.export as string[]) : [];
  return values.map((value) => {
    const at = value.indexOf('=');
    const format = at < 0 ? '' : value.slice(0, at).trim().toLowerCase();
    const output = at < 0 ? '' : value.slice(at + 1);
    if (!FORMAT_NAMES.includes(format) || output === '')
      throw usageError(`invalid --export '${value}'`, `give FORMAT=FILE, FORMAT one of ${FORMAT_NAMES.join(', ')}`);
    return { format, output };
  });
}
