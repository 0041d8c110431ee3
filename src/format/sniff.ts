import { escapeControls } from '../command-line.js';
import { closeSync, lstatSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { isRecordingName } from './files.js';
import { parseLine } from './parse-line.js';

/** What the first bytes of a file say about it, without reading it whole. */
export interface Sniff {
  isRecording: boolean;
  /** The first CMDLINE of the file, when it is in the bytes read. */
  command: string | null;
  /** Why it is not a recording (or why it is an empty one). */
  reason: string | null;
}

const HEAD_BYTES = 64 * 1024;
const KNOWN = new Set(['CMDLINE', 'MEM', 'CHLD', 'FUNC', 'MEMPROF', 'PROC']);

/**
 * Whether `path` is a recording: a regular file (not a link, directory or device) whose first line is one
 * that memprof or mprof writes. An empty file counts only under a recording's name (a run killed at once).
 * Used before deleting anything, so it errs on the side of "not a recording".
 */
export function sniffRecording(path: string): Sniff {
  let size: number;
  try {
    const stat = lstatSync(path);
    if (!stat.isFile())
      return no(stat.isDirectory() ? 'a directory' : stat.isSymbolicLink() ? 'a symbolic link' : 'not a regular file');
    size = stat.size;
  } catch (error) {
    return no((error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'cannot be read');
  }
  if (size === 0)
    return isRecordingName(basename(path)) ? { isRecording: true, command: null, reason: 'empty' } : no('empty');
  const head = readHead(path);
  if (head === null) return no('cannot be read');
  if (head.includes('\u0000')) return no('binary data');
  const lines = head.split('\n');
  if (size > HEAD_BYTES || !head.endsWith('\n')) lines.pop(); // the last piece may be cut
  const first = lines.find((l) => l.trim() !== '');
  if (first === undefined || !isKnownLine(first.replace(/\r$/, '')))
    return no('its first line is not a recording line');
  const cmd = lines.find((l) => l.startsWith('CMDLINE '));
  return {
    isRecording: true,
    command: cmd === undefined ? null : escapeControls(cmd.slice('CMDLINE '.length).replace(/\r$/, '')),
    reason: null,
  };
}

function no(reason: string): Sniff {
  return { isRecording: false, command: null, reason };
}

function isKnownLine(line: string): boolean {
  const type = line.split(' ', 1)[0]!;
  if (!KNOWN.has(type)) return false;
  try {
    parseLine(line);
    return true;
  } catch {
    return false;
  }
}

function readHead(path: string): string | null {
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    const buffer = Buffer.alloc(HEAD_BYTES);
    const n = readSync(fd, buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, n).toString('utf8');
  } catch {
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
