import { MiB } from '../units.js';
import type { Header } from './types.js';

// Line encoders, pure. mprof's own syntax for MEM/CHLD/CMDLINE (`MEM {:.6f} {:.4f}`);
// new line types carry memprof's extra information and are ignored by mprof.
// Every line has a space after its type: mprof's reader does `line.split(' ', 1)`.

/** Bytes as MiB the way every line writes them (mprof's `{:.6f}`). */
export const formatMiB = (bytes: number): string => (bytes / MiB).toFixed(6);
/** Epoch seconds the way every line writes them (mprof's `{:.4f}`). */
export const formatTime = (seconds: number): string => seconds.toFixed(4);
const mib = formatMiB;
const epoch = formatTime;

/** Control characters would break the line structure; mprof's reader knows no escapes. */
function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: replacing control characters is the point
  return text.replace(/[\r\n\t\u0000-\u001f]/g, ' ');
}

export function encodeHeader(h: Header): string {
  return (
    `MEMPROF ${h.version} metric=${h.metric} interval=${h.intervalSeconds} mem=${h.memScope} ` +
    `per_process=${h.perProcess ? 1 : 0} source=${h.source}${h.finalExits ? ' exits=final' : ''}` +
    `${h.nodeProbe ? ' node=1' : ''}\n`
  );
}

export function encodeCmdline(command: string): string {
  return `CMDLINE ${oneLine(command)}\n`;
}

export function encodeMem(bytes: number, time: number): string {
  return `MEM ${mib(bytes)} ${epoch(time)}\n`;
}

export function encodeChld(pid: number, bytes: number, time: number): string {
  return encodeChldFormatted(pid, mib(bytes), epoch(time));
}

/** A CHLD line from numbers already formatted: a tick formats its time once for all its lines. */
export function encodeChldFormatted(pid: number, mibText: string, timeText: string): string {
  return `CHLD ${pid} ${mibText} ${timeText}\n`;
}

/** A process first seen: pid, parent pid, start time, first-seen time, command line (JSON string). */
export function encodeProc(pid: number, ppid: number, startTime: number, seen: number, command: string): string {
  return `PROC ${pid} ${ppid} ${epoch(startTime)} ${epoch(seen)} ${JSON.stringify(command)}\n`;
}

/** A process's command line changed after it was first seen (it called exec). */
export function encodeCmd(pid: number, command: string): string {
  return `CMD ${pid} ${JSON.stringify(command)}\n`;
}

/** A process was read for the last time at `lastSeen`, and found gone (or a zombie) at `goneAt`, when known. */
export function encodeExit(pid: number, lastSeen: number, goneAt?: number): string {
  return `EXIT ${pid} ${epoch(lastSeen)}${goneAt === undefined ? '' : ` ${epoch(goneAt)}`}\n`;
}

/** From `time` on, the file's metric cannot be read for `pid` (`reason`, an errno code): its samples are RSS. */
export function encodeUnread(pid: number, time: number, reason: string): string {
  return `UNREAD ${pid} ${epoch(time)} ${reason}\n`;
}

/** The kernel's RSS high-water mark of a process (VmHWM). */
export function encodeHwm(pid: number, bytes: number, time: number): string {
  return `HWM ${pid} ${mib(bytes)} ${epoch(time)}\n`;
}

/** The run ended cleanly; `exitCode` is the command's status, null when unknown (an attached process). */
export function encodeDone(time: number, exitCode: number | null): string {
  return exitCode === null ? `DONE ${epoch(time)}\n` : `DONE ${epoch(time)} ${exitCode}\n`;
}

/** From `time` on, the metric is read about every `seconds` (PSS/USS paced to a CPU budget); VmHWM every tick. */
export function encodePace(seconds: number, time: number): string {
  return `PACE ${seconds.toFixed(4)} ${epoch(time)}\n`;
}

/** One isolate's heap (a Node process's main thread, 0, or a worker): used, total, external, ArrayBuffers. */
export function encodeHeap(
  pid: number,
  thread: number,
  heap: { heapUsed: number; heapTotal: number; external: number; arrayBuffers: number },
  time: number,
): string {
  return (
    `HEAP ${pid} ${thread} ${mib(heap.heapUsed)} ${mib(heap.heapTotal)} ${mib(heap.external)} ` +
    `${mib(heap.arrayBuffers)} ${epoch(time)}\n`
  );
}

/** V8's own figures of one isolate, at a slower pace: physical size, limit, malloced, contexts. */
export function encodeV8(
  pid: number,
  thread: number,
  v8: { physical: number; limit: number; malloced: number; nativeContexts: number; detachedContexts: number },
  time: number,
): string {
  return (
    `V8 ${pid} ${thread} ${mib(v8.physical)} ${mib(v8.limit)} ${mib(v8.malloced)} ${v8.nativeContexts} ` +
    `${v8.detachedContexts} ${epoch(time)}\n`
  );
}

/** A worker thread ended: its isolate's heap no longer counts towards its process's. */
export function encodeHeapEnd(pid: number, thread: number, time: number): string {
  return `HEAPEND ${pid} ${thread} ${epoch(time)}\n`;
}

/** A phase marker (`memprof mark`, the API's mark()) from process `pid`: its label as a JSON string. */
export function encodeMark(pid: number, time: number, label: string): string {
  return `MARK ${pid} ${epoch(time)} ${JSON.stringify(oneLine(label))}\n`;
}

/** From `time` on, ticks come about every `seconds`: the period lengthened for a large tree, or came back. */
export function encodePeriod(seconds: number, time: number): string {
  return `PERIOD ${seconds.toFixed(4)} ${epoch(time)}\n`;
}
