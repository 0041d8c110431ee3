import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/**
 * `ps -o pid=,<column>` for some pids (or every process) as pid -> value; a column may hold spaces, it is
 * the rest of the line. Pids that are gone are simply absent (ps exits 1 when none is left).
 */
export async function psColumn(column: string, pids?: number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  if (pids?.length === 0) return out;
  const select = pids ? ['-p', pids.join(',')] : ['-A'];
  const { stdout } = await execFileAsync('ps', [...select, '-o', `pid=,${column}`]).catch(() => ({ stdout: '' }));
  for (const match of stdout.matchAll(/^\s*(\d+) (.*)$/gm)) out.set(Number(match[1]), match[2]!.trim());
  return out;
}
