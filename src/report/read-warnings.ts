import type { MalformedKind, ReadWarning } from '../format/read-warnings.js';
import { plural } from '../units.js';

/** A kind of malformed line in words (one, many), and what the reader did with such lines. */
const MALFORMED: Record<MalformedKind, { one: string; many: string; done: string }> = {
  garbled: { one: 'malformed line', many: 'malformed lines', done: 'skipped' },
  'not-decimal': {
    one: 'line with a number that is not decimal',
    many: 'lines with a number that is not decimal',
    done: "skipped (mprof's reader refuses them too)",
  },
  'extra-fields': {
    one: 'line with extra fields',
    many: 'lines with extra fields',
    done: 'read without them, as mprof reads them',
  },
  backwards: {
    one: 'line with a timestamp going backwards',
    many: 'lines with timestamps going backwards',
    done: 'read as they are (was the clock set back while recording?), so times around them are out of order',
  },
};

/** `line 7`, `lines 7, 9, 12`, `lines 7, 9, 12 and 40 more`: the first line numbers, the rest counted. */
function whichLines(lines: number[], count: number): string {
  const more = count > lines.length ? ` and ${count - lines.length} more` : '';
  return `${count === 1 ? 'line' : 'lines'} ${lines.join(', ')}${more}`;
}

/** One warning about a file, in words: what the reader met and what it did, for the terminal and the JSON. */
export function readWarningText(w: ReadWarning): string {
  switch (w.kind) {
    case 'incomplete-last-line':
      return `line ${w.line} is incomplete (the profiler may have been killed) and was ignored`;
    case 'several-runs':
      return `holds ${w.runs} runs written into one file; each is read as its own run`;
    case 'malformed': {
      const { one, many, done } = MALFORMED[w.malformed];
      const detail = w.detail === null ? '' : `; line ${w.lines[0]}: ${w.detail}`;
      return `${plural(w.count, one, many)} (${whichLines(w.lines, w.count)}): ${done}${detail}`;
    }
  }
}
