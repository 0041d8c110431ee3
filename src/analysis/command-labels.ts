import { baseName, commandWords, isPrintable, shellQuote } from '../command-line.js';

// Short labels for processes in a legend or a table. A whole build's `cc1 -quiet -imultiarch … file.c`
// all start alike, so a command too long for the width is labelled by what tells it apart from the
// processes running the same program: the words that at most half of them have (the source file, the
// worker's number), after the program and, for an interpreter, its script. `…` marks words left out.
// The full command stays in tooltips and JSON.

export const NOT_RECORDED = '(command not recorded)';
const GAP = '…';
/** Programs whose first argument that is not an option (the script) says what runs. */
export const INTERPRETER =
  /^(node|nodejs|bun|deno|tsx|ts-node|python[\d.]*|pypy[\d.]*|ruby|perl|php|bash|sh|dash|zsh)$/;

/** A label for each command, `width` characters at most, told apart from the others in the list. */
export function commandLabels(commands: ReadonlyArray<string | null>, width: number): string[] {
  const words = commands.map((c) => (c === null ? [] : labelWords(commandWords(c))));
  const groups = new Map<string, string[][]>();
  for (const w of words) {
    if (w.length === 0) continue;
    const group = groups.get(w[0]!);
    if (group) group.push(w);
    else groups.set(w[0]!, [w]);
  }
  // Counted only for a program with a command too long to show whole: most commands fit.
  const counts = new Map<string, Map<string, number>>();
  const countsOf = (program: string, members: string[][]): Map<string, number> => {
    const known = counts.get(program);
    if (known !== undefined) return known;
    const made = wordCounts(members);
    counts.set(program, made);
    return made;
  };
  return words.map((w) => {
    if (w.length === 0) return NOT_RECORDED;
    const whole = w.join(' ');
    // No more characters than UTF-16 units: a short text fits without being split into characters.
    if (whole.length <= width || [...whole].length <= width) return whole;
    const group = groups.get(w[0]!)!;
    if (group.length < 2) return ellipsize(whole, width);
    return ellipsize(distinctLabel(w, countsOf(w[0]!, group), group.length), width);
  });
}

/** One command alone, for a title or a sentence. */
export function commandLabel(command: string | null, width: number): string {
  return commandLabels([command], width)[0]!;
}

/** Each word as a label shows it, in place (the array is the caller's own). */
function labelWords(words: string[]): string[] {
  for (let i = 0; i < words.length; i++) words[i] = labelWord(words[i]!);
  return words;
}

/** A word as a label shows it: a path cut to its last part; quoted only when it must be (spaces, empty). */
function labelWord(word: string): string {
  const spaced = /\s/.test(word);
  const cut = word.includes('/') && !word.endsWith('/') && !spaced ? baseName(word) : word;
  return cut === '' || spaced || !isPrintable(cut) ? shellQuote(cut) : cut;
}

/** In how many of the commands each word appears. */
function wordCounts(members: string[][]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of members) for (const w of new Set(m)) counts.set(w, (counts.get(w) ?? 0) + 1);
  return counts;
}

/** The program, its script, then each word that at most half the group has, once, with `…` for each gap. */
function distinctLabel(words: string[], counts: Map<string, number>, groupSize: number): string {
  const head = INTERPRETER.test(words[0]!) ? 1 + words.slice(1).findIndex((w) => !w.startsWith('-')) : 0;
  const out: string[] = [];
  const shown = new Set<string>();
  let gap = false;
  words.forEach((w, i) => {
    const keep = i === 0 || i === head || (counts.get(w)! * 2 <= groupSize && !shown.has(w));
    if (!keep) {
      gap = true;
      return;
    }
    if (gap) out.push(GAP);
    out.push(w);
    shown.add(w);
    gap = false;
  });
  if (gap) out.push(GAP);
  // Nothing told it apart (the same command as most of the group): the whole command, cut.
  return out.length === 1 || (out.length === 2 && out[1] === GAP) ? words.join(' ') : out.join(' ');
}

/** Cut in the middle: the program stays at the start, the file name or number that often ends it at the end. */
export function ellipsize(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  if (width < 2) return chars.slice(0, width).join('');
  const tail = Math.floor((width - 1) / 2);
  const head = width - 1 - tail;
  return `${chars.slice(0, head).join('')}…${chars.slice(chars.length - tail).join('')}`;
}
