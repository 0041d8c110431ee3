import type { MemScope } from '../analysis/mem-scope.js';

// mprof's files do not say whether MEM includes the children (-C): every total of one says how it was read.

const ALONE = 'MEM taken as the main process alone';
const WITH = 'MEM taken as including the children (mprof -C)';
const ALONE_WITH_CHILD_LINES = `${ALONE}, the CHLD lines added (mprof -M without -C)`;

/** Why a run names no process as holding its total (RunSummary.ownSizes); null where each one's own is known. */
export function ownSizesNote(run: { ownSizes: boolean }): string | null {
  return run.ownSizes ? null : "each process's own size was not recorded (-C without -M): the tree's total only";
}

/** How an mprof file's MEM was read, in one clause; null for memprof's files, whose header says. */
export function memScopeNote(scope: MemScope): string | null {
  switch (scope.basis) {
    case 'header':
      return null;
    case 'option':
      return `${scope.childrenIncluded ? WITH : ALONE}, as --mprof-children says`;
    case 'inferred':
      return `${scope.childrenIncluded ? WITH : ALONE_WITH_CHILD_LINES}: inferred from the samples`;
    case 'no-child-lines':
      return `${ALONE}: with no CHLD lines, whether it includes the children (-C) cannot be inferred`;
  }
}

/** The note with how to override it, for the text reports (the chart has no room for the hint). */
export function memScopeNoteWithHint(scope: MemScope): string | null {
  const note = memScopeNote(scope);
  if (note === null || scope.basis === 'option') return note;
  return `${note} (--mprof-children ${scope.childrenIncluded ? 'separate' : 'included'} reads it the other way)`;
}

/** Each file's note once (a file of several runs may have several), naming the file when there are several. */
export function memScopeNotes(runs: Array<{ file: string | null; memScope: MemScope }>, hint = true): string[] {
  const notes = runs.flatMap((run) => {
    const note = hint ? memScopeNoteWithHint(run.memScope) : memScopeNote(run.memScope);
    return note === null ? [] : [{ file: run.file ?? '<input>', note }];
  });
  const named = new Set(notes.map((n) => n.file)).size > 1;
  return [...new Set(notes.map((n) => (named ? `${n.file}: ${n.note}` : n.note)))];
}
