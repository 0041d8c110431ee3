import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** procps' ps shows each byte past ASCII as `?` unless the locale is UTF-8 (glibc and musl have C.UTF-8). */
const PS_ENV = process.platform === 'linux' ? { ...process.env, LC_ALL: 'C.UTF-8' } : process.env;

/**
 * `ps -o pid=,<column>` for some pids (or every process) as pid -> value; a column may hold spaces, it is
 * the rest of the line. Pids that are gone are simply absent (ps exits 1 when none is left).
 */
export async function psColumn(column: string, pids?: number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  if (pids?.length === 0) return out;
  const select = pids ? ['-p', pids.join(',')] : ['-A'];
  const { stdout } = await execFileAsync('ps', [...select, '-o', `pid=,${column}`], { env: PS_ENV }).catch(() => ({
    stdout: '',
  }));
  for (const match of stdout.matchAll(/^\s*(\d+) (.*)$/gm)) out.set(Number(match[1]), match[2]!.trim());
  return out;
}
