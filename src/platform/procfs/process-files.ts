import type { Metric } from '../../format/types.js';
import type { Reading } from '../types.js';
import { closeProc, openProc, openProcOrReason, preadField, preadText, STATM_RESIDENT } from './files.js';
import { isRunningState } from '../process-state.js';
import { parseStatus, type StatusFields } from './parse.js';
import { metricFile } from './memory.js';

/**
 * One tracked process's kept-open /proc files, and what the last reads saw. statm (RSS, a short text) is read
 * every tick; status (VmHWM and the zombie state, a larger text the kernel builds each time) only when
 * it can have news: see `statusDue`.
 */
export interface ProcessFiles {
  pid: number;
  command: string;
  statm: number;
  status: number;
  /**
   * smaps_rollup for PSS/USS; -1 for RSS, or when it cannot be opened. It is bound to the address space it
   * was opened on, so it fails once the process execs, and is opened again (`reopenSmaps`).
   */
  smaps: number;
  /** Why PSS/USS cannot be read (an errno code): then the process is read as RSS. null while it can be. */
  unread: string | null;
  /** The kernel's name (comm) at the last status read: a change means an exec (or a rename). */
  name: string;
  /** The main thread's children list; -1 when the tree is not followed. */
  children: number;
  lastPages: number;
  /** The address space's size (statm) at its last read while it showed its parent's command line; -1 before. */
  lastSize: number;
  lastHwm: number;
  /** Whether lastHwm is held back, not yet written: read while it may have shared its parent's address space. */
  hwmHeld: boolean;
  ticks: number;
  /** Re-read the command line this many more ticks: a child seen between fork and exec shows its parent's. */
  commandChecks: number;
  /** This process's reading, updated in place each tick (a tick's result is valid until the next tick). */
  reading: Reading;
}

/** Ticks a new process's command line is re-read for (a child seen between fork and exec shows its parent's). */
export const COMMAND_CHECKS = 5;
/** Read status on a process's first ticks, while it is most likely to grow fast. */
const FIRST_STATUS_TICKS = 10;

/** A process's files, or null when it is gone. One whose PSS/USS cannot be opened is kept, `unread`. */
export function openProcessFiles(
  pid: number,
  command: string,
  metric: Metric,
  followTree: boolean,
): ProcessFiles | null {
  const files: ProcessFiles = {
    pid,
    command,
    statm: openProc(`/proc/${pid}/statm`),
    status: openProc(`/proc/${pid}/status`),
    smaps: -1,
    unread: null,
    name: '',
    children: followTree ? openProc(`/proc/${pid}/task/${pid}/children`) : -1,
    lastPages: -1,
    lastSize: -1,
    lastHwm: 0,
    hwmHeld: false,
    ticks: 0,
    commandChecks: COMMAND_CHECKS,
    reading: { pid, bytes: 0 },
  };
  if (files.statm < 0 || files.status < 0) {
    closeProcessFiles(files);
    return null;
  }
  if (metric !== 'rss' && reopenSmaps(files, metric) === 'gone') {
    closeProcessFiles(files);
    return null;
  }
  return files;
}

/**
 * (Re)open smaps_rollup by path, after an exec made the kept one fail. The path names whatever process
 * has the pid now, so the kept statm fd, which follows the process across exec and fails once it is gone,
 * must still read after the open: then the file opened is this process's. Sets `unread` when the process
 * is there and its file cannot be opened (another user's, after a setuid exec).
 */
export function reopenSmaps(files: ProcessFiles, metric: Metric): 'open' | 'gone' | 'unread' {
  closeProc(files.smaps);
  const fd = openProcOrReason(metricFile(files.pid, metric)!);
  files.smaps = typeof fd === 'number' ? fd : -1;
  if (typeof fd === 'number' && Number.isFinite(preadField(files.statm, STATM_RESIDENT))) return 'open';
  // ESRCH: the process has no address space any more (it is exiting); ENOENT: it is gone.
  if (typeof fd === 'number' || fd === 'ESRCH' || fd === 'ENOENT') {
    closeProc(files.smaps);
    files.smaps = -1;
    return 'gone';
  }
  files.unread = fd;
  return 'unread';
}

export function closeProcessFiles(files: ProcessFiles): void {
  closeProc(files.statm);
  closeProc(files.status);
  closeProc(files.smaps);
  closeProc(files.children);
}

/**
 * Whether to read status this tick. VmHWM only rises when RSS does, so reading it when RSS changed, on a
 * process's first ticks, when RSS reads 0 (exiting or a zombie), and on `periodic` ticks (about every
 * second) loses no peak value, only, for a spike that left RSS exactly as it was, its date: it is dated at
 * the next read, and lost only if the process exits before that. Cheaper than reading status every tick,
 * a text the kernel builds on each read.
 */
export function statusDue(files: ProcessFiles, pages: number, periodic: boolean): boolean {
  return periodic || pages === 0 || pages !== files.lastPages || files.ticks < FIRST_STATUS_TICKS;
}

/** The process's status, read from its kept-open fd; null when it is gone or unreadable. */
export function readStatus(files: ProcessFiles): StatusFields | null {
  return parseStatus(preadText(files.status) ?? '');
}

/** Whether the process behind the kept-open files is still running: its statm reads, and it is no zombie. */
export function processAlive(files: ProcessFiles): boolean {
  if (!Number.isFinite(preadField(files.statm, STATM_RESIDENT))) return false;
  return isRunningState(readStatus(files)?.state);
}
