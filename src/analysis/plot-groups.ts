import { commandWords } from '../command-line.js';
import { commandLabels, INTERPRETER, NOT_RECORDED } from './command-labels.js';
import type { CurveChoice } from './plot-plan.js';

/** How `plot --group-by` sums processes: by their whole command line, or by the program they run. */
export type GroupBy = 'command' | 'program';

/**
 * The program a command runs, as a group names it: the executable's base name (`cc1`, `ld`), with its
 * script for an interpreter (`node worker.js`); null when the command was not recorded.
 */
export function programOf(command: string | null): string | null {
  if (command === null) return null;
  const words = commandWords(command).map((w) => (w.startsWith('-') ? w : w.slice(w.lastIndexOf('/') + 1)));
  const program = words[0];
  if (program === undefined || program === '') return null;
  if (!INTERPRETER.test(program)) return program;
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    // Code given inline (node -e, python -c) names no script: the interpreter and the flag are the program.
    if (INLINE_CODE.has(w)) return `${program} ${w}`;
    if (w === '-m' && words[i + 1] !== undefined) return `${program} -m ${words[i + 1]}`;
    if (!w.startsWith('-')) return `${program} ${w}`;
  }
  return program;
}

const INLINE_CODE = new Set(['-e', '-c', '-p', '--eval', '--print', '-E']);

/** One stacked layer of a grouped chart: the processes of one program (or command), summed tick by tick. */
export interface CurveGroup {
  /** The legend's id, with the number of processes. */
  id: string;
  members: CurveChoice[];
  /** The sum of its members' peaks: an upper bound of the group's peak, by which groups are ranked. */
  rankBytes: number;
}

/** What a grouped chart stacks: the main process's own curve at the bottom, then groups, then "others". */
export interface GroupPlan {
  root: CurveChoice | null;
  groups: CurveGroup[];
  /** The groups beyond --top, summed into one "others" layer (none when nothing is folded). */
  folded: CurveGroup[];
}

function groupKey(c: CurveChoice, by: GroupBy): string {
  return (by === 'program' ? programOf(c.command) : c.command) ?? NOT_RECORDED;
}

/** The descendants' curves by program (or command), in order of first appearance. */
export function groupsOf(curves: CurveChoice[], by: GroupBy): Map<string, CurveChoice[]> {
  const groups = new Map<string, CurveChoice[]>();
  for (const c of curves) {
    if (c.isRoot) continue;
    const key = groupKey(c, by);
    // Pushed, not copied: a build or a churning pool puts 100,000 processes in one group.
    const members = groups.get(key);
    if (members) members.push(c);
    else groups.set(key, [c]);
  }
  return groups;
}

/**
 * Whether a chart of `curves` is better grouped by program: more processes share a program with another
 * than `top` curves could show one by one.
 */
export function groupingNeeded(
  curves: CurveChoice[],
  top: number,
  byProgram: Map<string, CurveChoice[]> = groupsOf(curves, 'program'),
): boolean {
  let sharing = 0;
  for (const members of byProgram.values()) if (members.length > 1) sharing += members.length;
  return sharing > top;
}

/**
 * The layers of a grouped chart: the `top` groups with the largest rank (the rest folded into "others", unless
 * only one would be), each labelled by its program (or command) and how many processes it sums. `groups`:
 * the curves as groupsOf groups them, when already known.
 */
export function planGroups(
  curves: CurveChoice[],
  by: GroupBy,
  top: number,
  prefix: string,
  groups: Map<string, CurveChoice[]> = groupsOf(curves, by),
): GroupPlan {
  const root = curves.find((c) => c.isRoot) ?? null;
  const entries = [...groups];
  const labels = commandLabels(
    entries.map(([key]) => (key === NOT_RECORDED ? null : key)),
    44,
  );
  const all = entries.map(([, members], i): CurveGroup => {
    const n = members.length;
    return {
      id: `${prefix}${labels[i]} (${n} ${n === 1 ? 'process' : 'processes'})`,
      members,
      rankBytes: members.reduce((sum, m) => sum + m.peakBytes, 0),
    };
  });
  if (all.length <= top + 1) return { root, groups: all, folded: [] };
  const ranked = [...all].sort((a, b) => b.rankBytes - a.rankBytes);
  const kept = new Set(ranked.slice(0, top));
  return { root, groups: all.filter((g) => kept.has(g)), folded: all.filter((g) => !kept.has(g)) };
}
