/**
 * A kind of malformed line. `garbled` and `not-decimal` lines are skipped; `extra-fields` lines are read
 * without their extra fields and `backwards` lines as they are, as mprof reads both.
 */
export type MalformedKind = 'garbled' | 'not-decimal' | 'extra-fields' | 'backwards';

/** In the order a file's warnings are given. */
const KINDS: MalformedKind[] = ['garbled', 'not-decimal', 'extra-fields', 'backwards'];

/** How many line numbers a warning keeps: the first ones; the count says how many there were. */
export const KEPT_LINES = 3;

/** What the reader tolerated in a file, as data; the words are the reporter's (src/report/read-warnings.ts). */
export type ReadWarning =
  | {
      kind: 'malformed';
      malformed: MalformedKind;
      count: number;
      /** The first KEPT_LINES line numbers, 1-based. */
      lines: number[];
      /** What was wrong with the first of them, when the parser said (garbled, not-decimal). */
      detail: string | null;
    }
  /** The last line had no newline (the profiler may have been killed mid-write): it was ignored. */
  | { kind: 'incomplete-last-line'; line: number }
  /** Several runs wrote into one file (mprof appends): each is read as its own run. */
  | { kind: 'several-runs'; runs: number };

type Malformed = Extract<ReadWarning, { kind: 'malformed' }>;

/** Counts a file's malformed lines by kind, keeping the first line numbers of each. */
export class MalformedTally {
  private readonly byKind = new Map<MalformedKind, Malformed>();

  add(malformed: MalformedKind, line: number, detail: string | null = null): void {
    const seen = this.byKind.get(malformed);
    if (seen === undefined) {
      this.byKind.set(malformed, { kind: 'malformed', malformed, count: 1, lines: [line], detail });
      return;
    }
    seen.count++;
    if (seen.lines.length < KEPT_LINES) seen.lines.push(line);
  }

  warnings(): ReadWarning[] {
    return KINDS.flatMap((k) => this.byKind.get(k) ?? []);
  }
}
