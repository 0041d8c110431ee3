import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { epochMs } from '../../clock.js';
import { fieldNumber, lastFieldNumber } from './parse-bytes.js';
import { parseBootTime, parseCmdline, parseKbField } from './parse.js';

// Kept-open /proc fds read with pread at offset 0: one system call a read, far cheaper than
// open+read+close on every tick. A kept fd also pins the identity: once the
// process is gone, reads fail (ESRCH) instead of reading a new process that reused the pid.

const buffer = Buffer.allocUnsafe(64 * 1024);
/** Bytes the last `preadField` read into `buffer`: another field of them is parsed without a second read. */
let fieldBytes = 0;

/** Open a /proc file for repeated reads; -1 when it cannot be opened (gone, or not permitted). */
export function openProc(path: string): number {
  const fd = openProcOrReason(path);
  return typeof fd === 'number' ? fd : -1;
}

/** Open a /proc file for repeated reads; why not (an errno code such as EACCES) when it cannot be. */
export function openProcOrReason(path: string): number | string {
  try {
    return openSync(path, 'r');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? 'EIO';
  }
}

export function closeProc(fd: number): void {
  if (fd < 0) return;
  try {
    closeSync(fd);
  } catch {
    /* already closed */
  }
}

/** Read a kept-open /proc file from its start; null when the process is gone or unreadable. */
export function preadText(fd: number): string | null {
  const n = preadBytes(fd);
  return n > 0 ? buffer.toString('latin1', 0, n) : null;
}

/** Bytes read from a kept-open /proc file into `buffer`, from its start; -1 when gone or unreadable. */
function preadBytes(fd: number): number {
  if (fd < 0) return -1;
  try {
    return readSync(fd, buffer, 0, buffer.length, 0);
  } catch {
    return -1;
  }
}

/** Field `index` (from 0) of a kept-open /proc file as a number, parsed in place; NaN when unreadable. */
export function preadField(fd: number, index: number): number {
  const n = preadBytes(fd);
  fieldBytes = Math.max(n, 0);
  return n < 0 ? NaN : fieldNumber(buffer, n, index);
}

/** Field `index` of what the last `preadField` read (no other read since), parsed in place; NaN if none. */
export function fieldOfLastRead(index: number): number {
  return fieldBytes === 0 ? NaN : fieldNumber(buffer, fieldBytes, index);
}

/** The last field of a kept-open /proc file as a number, parsed in place; NaN when unreadable. */
export function preadLastField(fd: number): number {
  const n = preadBytes(fd);
  return n < 0 ? NaN : lastFieldNumber(buffer, n);
}

/**
 * Read a /proc file once; null when it cannot be read. Into the shared buffer: /proc files report size 0,
 * so readFileSync allocates 64 KiB for each, and under process churn that garbage drove V8 to grow its
 * young generation, and memprof's RSS with it. Larger files fall back to it.
 * The bytes are valid until the next read.
 */
function readProcBytes(path: string): Buffer | null {
  let fd = -1;
  try {
    fd = openSync(path, 'r');
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    return n < buffer.length ? buffer.subarray(0, n) : readFileSync(path);
  } catch {
    return null;
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}

/** A /proc file's text, UTF-8 (a command name in stat may be); null when it cannot be read. */
export function readProcText(path: string): string | null {
  const bytes = readProcBytes(path);
  return bytes === null ? null : bytes.toString('utf8');
}

/** A process's command line as memprof shows it (see `parseCmdline`); '' for a kernel thread or when gone. */
export function readCmdline(pid: number): string {
  return parseCmdline(readProcBytes(`/proc/${pid}/cmdline`) ?? Buffer.alloc(0));
}

/**
 * Boot time in epoch seconds, for turning a process's start ticks into a time: now minus /proc/uptime
 * (10 ms resolution); /proc/stat's btime is rounded to whole seconds.
 */
export function bootTime(): number {
  const uptime = parseFloat(readProcText('/proc/uptime') ?? '');
  const now = epochMs() / 1000;
  return Number.isFinite(uptime) ? now - uptime : (parseBootTime(readProcText('/proc/stat') ?? '') ?? 0);
}

/** `/proc/PID/statm`'s field of resident pages (from 0). */
export const STATM_RESIDENT = 1;
/** `/proc/PID/statm`'s field of the address space's size in pages (VmSize). */
export const STATM_SIZE = 0;

/** Clock ticks per second for /proc/PID/stat start times: USER_HZ, 100 on every mainstream Linux. */
export const CLOCK_TICKS = 100;

/** The kernel's page size, derived from our own statm and VmRSS (Node has no sysconf). */
export function detectPageSize(): number {
  const statm = openProc('/proc/self/statm');
  const pages = preadField(statm, STATM_RESIDENT);
  closeProc(statm);
  const rss = parseKbField(readProcText('/proc/self/status') ?? '', 'VmRSS');
  if (!pages || !rss) return 4096;
  return 2 ** Math.round(Math.log2(rss / pages));
}
