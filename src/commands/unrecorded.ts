import { rmSync } from 'node:fs';
import { EXIT, MemprofError } from '../errors.js';
import type { DatWriter } from '../format/writer.js';
import type { Lifecycle } from './record.js';
import * as stdio from '../stdio.js';

/** Write the recording's first lines; the failure, when they cannot be written (disk full, a file-size limit). */
export function writeFirstLines(writer: DatWriter, header: string): MemprofError | null {
  try {
    writer.write(header);
    return null;
  } catch (error) {
    if (error instanceof MemprofError) return error;
    throw error;
  }
}

/**
 * The recording could not even begin. As when a later write fails, the command goes on (its signals still
 * forwarded) and memprof waits for it; the file holds nothing and is removed. Returns the command's failure
 * code, or 1 when it succeeded: memprof did not do its job.
 */
export async function followUnrecorded(
  failure: MemprofError,
  writer: DatWriter,
  start: () => Lifecycle,
): Promise<number> {
  writer.close();
  rmSync(writer.path, { force: true });
  stdio.stderr.write(`memprof: ${failure.message}; nothing recorded (the file is removed), the command goes on\n`);
  const lifecycle = start();
  const ending = await lifecycle.ended;
  // Nothing was sampled, so no descendant is known by pid: --timeout ends the command's process group only.
  await lifecycle.after(() => []);
  const code = ending.exitCode ?? EXIT.ok;
  return code !== EXIT.ok ? code : EXIT.failure;
}
