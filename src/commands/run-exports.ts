import type { ExportRequest } from '../cli/export-options.js';
import { MemprofError } from '../errors.js';
import { exportFormat, exportRecording, TO_STDOUT } from './export.js';
import { processIo } from './io.js';
import * as stdio from '../stdio.js';

/**
 * The exports `run --export` asked for, each read from the closed recording as `memprof export` reads it.
 * One that fails is a warning (the command's own exit status still matters most); false when any failed.
 */
export function exportAfterRecording(file: string, exports: ExportRequest[], quiet: boolean): boolean {
  let ok = true;
  for (const request of exports) {
    try {
      // The read-back's warnings were said once already, by the summary: not again per export.
      const io = { out: processIo.out, err: () => undefined };
      exportRecording(file, file, { format: exportFormat(request.format), output: request.output }, io);
      if (!quiet && request.output !== TO_STDOUT)
        stdio.stderr.write(`memprof: exported ${request.format} to ${request.output}\n`);
    } catch (error) {
      if (!(error instanceof MemprofError)) throw error;
      stdio.stderr.write(`memprof: warning: --export ${request.format}: ${error.message}\n`);
      ok = false;
    }
  }
  return ok;
}
