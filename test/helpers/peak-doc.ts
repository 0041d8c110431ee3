import assert from 'node:assert/strict';
import { peakVerb, runVerb } from './in-process.js';

// `memprof peak --json` of one recording, typed as far as the Node and phase tests read it: the verb run in
// this process, for the tests that read what it says (the CLI's `peak --json` has its own tests).

export interface HeapJson {
  pid: number;
  command: string;
  peakBytes: number | null;
  heapUsedBytes: number;
  externalBytes: number;
  arrayBuffersBytes: number;
  threads: number;
  heapLimitBytes: number | null;
}

export interface PeakDoc {
  processes: Array<{ pid: number; command: string; peakBytes: number }>;
  node: { probed: number; notProbed: Array<{ pid: number; command: string }>; processes: HeapJson[] } | null;
  marks: Array<{ label: string; atSeconds: number; pid: number }>;
  phases: Array<{
    label: string | null;
    startSeconds: number;
    endSeconds: number;
    peakTotalBytes: number | null;
    processes: Array<{ pid: number; command: string; peakBytes: number }>;
  }>;
  warnings: string[];
  startTime: string;
}

/** The first run of `file` as `peak --json` gives it. */
export async function peakDoc(file: string): Promise<PeakDoc> {
  const peak = await runVerb(peakVerb([file], { json: true }));
  assert.equal(peak.code, 0, peak.stderr);
  return JSON.parse(peak.stdout) as PeakDoc;
}
