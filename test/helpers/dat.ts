import { readFileSync } from 'node:fs';
import { decodeDat } from '../../src/format/decode.js';
import type { ProcessRecord, Recording } from '../../src/format/types.js';

/** Read a recording memprof wrote and insist it is one clean run. */
export function readOneRun(path: string): Recording {
  const runs = decodeDat(readFileSync(path, 'utf8'), path);
  if (runs.length !== 1) throw new Error(`${path}: expected one run, got ${runs.length}`);
  return runs[0]!;
}

export interface TreeEvent {
  name: string;
  pid: number;
  ppid: number;
  baseline?: number;
  allocated?: number;
  /** When it reported its allocation, epoch seconds. */
  at?: number;
  exiting?: boolean;
  signal?: string;
}

/** The JSON lines the tree fixture wrote. */
export function readTreeReport(path: string): TreeEvent[] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as TreeEvent);
}

export function processByPid(rec: Recording, pid: number): ProcessRecord {
  const found = rec.processes.filter((p) => p.pid === pid);
  if (found.length !== 1) throw new Error(`pid ${pid}: expected one process in the recording, found ${found.length}`);
  return found[0]!;
}

export function maxOf(values: number[]): number {
  return values.reduce((a, b) => Math.max(a, b), -Infinity);
}
