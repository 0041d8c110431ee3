import { RecordingStore, toRecording } from './decode.js';
import { STDIN, STDIN_NAME, streamRecording } from './stream.js';
import type { ProcessRecord, Recording } from './types.js';

/**
 * Read a `.dat` file into its runs with every sample kept (for tests and tools that need whole series; the
 * verbs stream). Every failure is a DatError naming the file (exit 2).
 */
export function readRecordings(file: string): Recording[] {
  const { runs, warnings } = streamRecording<ProcessRecord, RecordingStore>(file, () => new RecordingStore());
  return runs.map((run) => toRecording(run, file === STDIN ? STDIN_NAME : file, warnings));
}
