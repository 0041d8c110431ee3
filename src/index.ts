// `import { record, mark } from 'memprof'`: record a command's tree from a program, and mark its phases.
import { sendMark } from './probe/mark.js';

export type {
  RecordedHeap,
  RecordedMark,
  RecordedPhase,
  RecordedProcess,
  RecordedRun,
  RecordOptions,
} from './api/types.js';

/** Runs a command with its tree recorded; resolves to the run's peaks, processes, heaps, marks and phases. */
export async function record(
  command: string[],
  options?: import('./api/types.js').RecordOptions,
): Promise<import('./api/types.js').RecordedRun> {
  const { record: recordRun } = await import('./api/record.js');
  return recordRun(command, options);
}

/**
 * Marks the start of a phase in the recording of the `memprof run` (or record()) this process is part of:
 * true when the marker was recorded, false when the process is not inside a run or the run is over.
 * Never throws: a program marks its phases whether or not it is being profiled.
 */
export function mark(label: string): boolean {
  return sendMark(String(label)) === 'sent';
}
