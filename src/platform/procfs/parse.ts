import { decodeUtf8, isPrintable, quoteBytes } from '../../command-line.js';

// Pure parsers for /proc/PID files (see proc(5)).

export interface StatFields {
  state: string;
  ppid: number;
  pgrp: number;
  session: number;
  /** Clock ticks after boot. */
  startTicks: number;
  comm: string;
}

/** `/proc/PID/stat`: the command name is in parentheses and may itself hold spaces and parentheses. */
export function parseStat(text: string): StatFields | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const f = text.slice(close + 2).split(' ');
  const startTicks = Number(f[19]);
  if (f.length < 20 || !Number.isFinite(startTicks)) return null;
  return {
    comm: text.slice(open + 1, close),
    state: f[0]!,
    ppid: Number(f[1]),
    pgrp: Number(f[2]),
    session: Number(f[3]),
    startTicks,
  };
}

/** Whether `/proc/PID/environ` (NUL-separated `NAME=value` entries) holds exactly the entry `entry`. */
export function environHas(text: string, entry: string): boolean {
  if (text.startsWith(entry) && text.charCodeAt(entry.length) === 0) return true;
  return text.includes(`\u0000${entry}\u0000`);
}

/** `/proc/PID/task/TID/children`: space-separated pids. */
export function parseChildren(text: string): number[] {
  const out: number[] = [];
  for (const part of text.split(' ')) {
    if (part.length > 0) out.push(Number(part));
  }
  return out;
}

/**
 * `/proc/PID/cmdline` as bytes: NUL-separated arguments, empty for zombies and kernel threads. A process
 * that rewrote its title (setproctitle, node's `process.title`) has written one string, spaces and all,
 * over its arguments and padded the rest with NULs; it is shown as it shows itself (`stress-ng-vm [run]`),
 * as ps does. The padding is told from real empty arguments by its shape: two or more trailing empty
 * arguments are padding, while one (`printf ''`) or an empty one in the middle is real and shown quoted.
 */
export function parseCmdline(bytes: Uint8Array): string {
  const args = splitNul(bytes);
  let end = args.length;
  while (end > 0 && args[end - 1]!.length === 0) end--;
  if (args.length - end < 2) end = args.length;
  const title = end === 1 ? decodeUtf8(args[0]!) : null;
  // One string with spaces and nothing a terminal would act on: a title, shown bare.
  if (title?.includes(' ') && isPrintable(title)) return title;
  return args.slice(0, end).map(quoteBytes).join(' ');
}

/** The NUL-terminated pieces of `bytes` (a last piece without its NUL counts too). */
function splitNul(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 0) continue;
    out.push(bytes.subarray(start, i));
    start = i + 1;
  }
  if (start < bytes.length) out.push(bytes.subarray(start));
  return out;
}

/** A `kB` field of `/proc/PID/status` or `smaps_rollup` (e.g. `VmHWM`, `Pss`), in bytes. */
export function parseKbField(text: string, field: string): number | null {
  const at = text.indexOf(`\n${field}:`);
  const start = at >= 0 ? at + field.length + 2 : text.startsWith(`${field}:`) ? field.length + 1 : -1;
  if (start < 0) return null;
  const value = parseInt(text.slice(start).trimStart(), 10);
  return Number.isFinite(value) ? value * 1024 : null;
}

/** What one read of `/proc/PID/status` says: state letter, current RSS and the kernel's RSS high-water mark. */
export interface StatusFields {
  state: string;
  /** The kernel's name of the process (comm): it changes on exec, and with prctl(PR_SET_NAME). */
  name: string;
  /** null for a zombie or kernel thread (no `Vm*` lines: its memory is already released). */
  rssBytes: number | null;
  hwmBytes: number | null;
}

/** `/proc/PID/status`: one read gives RSS (the same counter as statm's resident pages) and VmHWM. */
export function parseStatus(text: string): StatusFields | null {
  const at = text.indexOf('\nState:');
  if (at < 0) return null;
  const state = text
    .slice(at + 8)
    .trimStart()
    .charAt(0);
  const name = text.startsWith('Name:\t') ? text.slice(6, text.indexOf('\n')) : '';
  return { state, name, rssBytes: parseKbField(text, 'VmRSS'), hwmBytes: parseKbField(text, 'VmHWM') };
}

/** `/proc/stat`: the boot time in epoch seconds (`btime`). */
export function parseBootTime(text: string): number | null {
  const match = /^btime (\d+)$/m.exec(text);
  return match ? Number(match[1]) : null;
}
