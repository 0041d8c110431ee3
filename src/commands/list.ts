import { basename } from 'node:path';
import { EXIT } from '../errors.js';
import { listRecordingFiles } from '../format/files.js';
import { sniffRecording } from '../format/sniff.js';
import { formatTable } from '../report/table.js';
import { processIo, type Io } from './io.js';

export interface ListEntry {
  /** The index `rm`, `peak` and `plot` accept: 0 the oldest. */
  index: number;
  file: string;
  /** From the name, as mprof does: `2024-03-01 14:05:09` (local time of the start). */
  date: string;
  command: string | null;
  isRecording: boolean;
  reason: string | null;
}

function dateOfName(name: string): string {
  const s = /^mprofile_(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})/.exec(name);
  return s ? `${s[1]}-${s[2]}-${s[3]} ${s[4]}:${s[5]}:${s[6]}` : '?';
}

/** The recordings of `dir` in mprof's order (oldest first), each with what its first bytes say. */
export function listEntries(dir = '.'): ListEntry[] {
  return listRecordingFiles(dir).map((file, index) => {
    const sniff = sniffRecording(file);
    return {
      index,
      file,
      date: dateOfName(basename(file)),
      command: sniff.command,
      isRecording: sniff.isRecording,
      reason: sniff.reason,
    };
  });
}

function commandCell(e: ListEntry): string {
  if (!e.isRecording) return `(not a recording: ${e.reason}; rm and clean leave it alone)`;
  return e.command ?? (e.reason === 'empty' ? '(empty)' : '(no command line)');
}

export interface ListOptions {
  dir?: string;
  io?: Io;
}

/**
 * `memprof list`: index, file, date and command of each recording here, as mprof's list. No figure: a
 * peak or a duration needs the whole file read (seconds a gigabyte, every file, on every list), and `peak`
 * gives them; the command is the one `peak` reads, from the file's first lines.
 */
export function listCommand(options: ListOptions = {}): number {
  const io = options.io ?? processIo;
  const entries = listEntries(options.dir);
  if (entries.length === 0) {
    io.err(`memprof: no recordings (mprofile_*.dat) in ${options.dir ?? 'this directory'}\n`);
    return EXIT.ok;
  }
  io.out(
    formatTable(
      [
        { title: 'index', align: 'right' },
        { title: 'file', align: 'left' },
        { title: 'date', align: 'left' },
        { title: 'command', align: 'left' },
      ],
      entries.map((e) => [String(e.index), basename(e.file), e.date, commandCell(e)]),
    ),
  );
  return EXIT.ok;
}
