// How memprof shows a command line: each argument shell-quoted, joined by spaces, in text a shell would take
// back (bash's `$'...'` for control characters and bytes that are not UTF-8); and that text split back into
// its words, for labels and name matching.

/** Needs no quotes, in ASCII: what a shell takes as a plain word. */
const SAFE_ASCII_ARG = /^[\w@%+=:,./-]+$/;
const NON_ASCII = /[\u0080-\uffff]/;
let safeArg: RegExp | null = null;
/**
 * The same, letters and digits of any script included: made on first use, since V8 parses its Unicode
 * classes slowly wherever the literal is evaluated, and most command lines are ASCII.
 */
const safeUnicodeArg = (): RegExp => {
  safeArg ??= /^[\p{L}\p{M}\p{N}_@%+=:,./-]+$/u;
  return safeArg;
};
/** C0 controls, DEL and C1 controls: a terminal would act on them, and a newline would break a `.dat` line. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f]/;
const NAMED_ESCAPES: Record<string, string> = { '\n': '\\n', '\t': '\\t', '\r': '\\r', '\\': '\\\\', "'": "\\'" };

/** Quote an argument for display the way a shell would accept it back. */
export function shellQuote(arg: string): string {
  // On ASCII the two agree: only an argument with other characters needs the Unicode one.
  if (SAFE_ASCII_ARG.test(arg) || (NON_ASCII.test(arg) && safeUnicodeArg().test(arg))) return arg;
  if (UNPRINTABLE.test(arg)) return `$'${[...arg].map(ansiEscape).join('')}'`;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

function ansiEscape(ch: string): string {
  const named = NAMED_ESCAPES[ch];
  if (named !== undefined) return named;
  const code = ch.codePointAt(0)!;
  if (code < 0x20 || code === 0x7f) return `\\x${hex(code)}`;
  return code >= 0x80 && code <= 0x9f ? `\\u00${hex(code)}` : ch;
}

const hex = (n: number): string => n.toString(16).padStart(2, '0');

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNPRINTABLE_ALL = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * Text with every control character shown as its Unicode control picture (ESC as ␛, LF as ␊, DEL as ␡; a
 * C1 control as �): a command line read from a file memprof did not quote (mprof's, an older memprof's)
 * must not reach a terminal that would act on it. Pictures, not backslash escapes, so that splitting the
 * line into shell words for labels leaves them as they are.
 */
export function escapeControls(text: string): string {
  return isPrintable(text) ? text : text.replace(UNPRINTABLE_ALL, controlPicture);
}

function controlPicture(ch: string): string {
  const code = ch.codePointAt(0)!;
  if (code < 0x20) return String.fromCodePoint(0x2400 + code);
  return code === 0x7f ? '\u2421' : '\ufffd';
}

/** Whether a terminal would print the text as it is (no control character in it). */
export function isPrintable(text: string): boolean {
  return !UNPRINTABLE.test(text);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Bytes as UTF-8 text; null when they are not well-formed UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

/** An argument given as bytes: UTF-8 shown as its text, any byte that is not UTF-8 as `\xNN` in `$'...'`. */
export function quoteBytes(bytes: Uint8Array): string {
  const text = decodeUtf8(bytes);
  if (text !== null) return shellQuote(text);
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const n = utf8SequenceLength(bytes, i);
    out += n === 0 ? `\\x${hex(bytes[i]!)}` : ansiEscape(utf8.decode(bytes.subarray(i, i + n)));
    i += n || 1;
  }
  return `$'${out}'`;
}

/** The length of the well-formed UTF-8 sequence starting at `i` (RFC 3629), 0 when there is none. */
function utf8SequenceLength(b: Uint8Array, i: number): number {
  const lead = b[i]!;
  if (lead < 0x80) return 1;
  const n = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
  if (n === 0 || i + n > b.length) return 0;
  for (let k = 1; k < n; k++) if ((b[i + k]! & 0xc0) !== 0x80) return 0;
  const second = b[i + 1]!;
  // Overlong forms, UTF-16 surrogates and code points past U+10FFFF.
  if ((lead === 0xe0 && second < 0xa0) || (lead === 0xed && second > 0x9f)) return 0;
  if ((lead === 0xf0 && second < 0x90) || (lead === 0xf4 && second > 0x8f)) return 0;
  return n;
}

/**
 * The words of a command line as memprof shows it: `'...'`, `$'...'` and backslash quoting undone (a byte
 * that was not UTF-8 comes back as U+FFFD). Any text is accepted: a quote without its closing one is a
 * character like any other, as in a process title such as `worker: it's idle`.
 */
export function commandWords(command: string): string[] {
  // Nothing quoted (most commands): the words are what lies between spaces, found without a look at each one.
  if (!QUOTING.test(command)) {
    const words = command.split(' ');
    return SPACES_AROUND.test(command) ? words.filter((w) => w !== '') : words;
  }
  const words: string[] = [];
  let i = 0;
  while (i < command.length) {
    while (command[i] === ' ') i++;
    if (i >= command.length) break;
    let word = '';
    while (i < command.length && command[i] !== ' ') {
      const taken = quotedAt(command, i);
      word += taken.text;
      i = taken.end;
    }
    words.push(word);
  }
  return words;
}

/** What may start a quoted piece of a word (see quotedAt). */
const QUOTING = /['$\\]/;
/** Where splitting on each space would make an empty word: two spaces, or one at an end (or no word at all). */
const SPACES_AROUND = /^ | {2}| $|^$/;

/** The text of the quoted (or plain) piece of a word at `i`, and where it ends. */
function quotedAt(s: string, i: number): { text: string; end: number } {
  const ch = s[i]!;
  if (ch === "'") {
    const close = s.indexOf("'", i + 1);
    if (close > 0) return { text: s.slice(i + 1, close), end: close + 1 };
  } else if (ch === '$' && s[i + 1] === "'") {
    const ansi = ansiQuotedAt(s, i + 2);
    if (ansi !== null) return ansi;
  } else if (ch === '\\' && i + 1 < s.length) {
    return { text: s[i + 1]!, end: i + 2 };
  }
  return { text: ch, end: i + 1 };
}

const UNESCAPE: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", e: '\u001b' };

/** The body of `$'...'` from `start` (just past the quote); null when it never closes. */
function ansiQuotedAt(s: string, start: number): { text: string; end: number } | null {
  let text = '';
  for (let i = start; i < s.length; ) {
    const ch = s[i]!;
    if (ch === "'") return { text, end: i + 1 };
    if (ch !== '\\' || i + 1 >= s.length) {
      text += ch;
      i++;
      continue;
    }
    const code = /^(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4}))/.exec(s.slice(i + 1, i + 6));
    if (code) {
      const value = parseInt(code[1] ?? code[2]!, 16);
      text += code[1] !== undefined && value >= 0x80 ? '\ufffd' : String.fromCharCode(value);
      i += 1 + code[0].length;
    } else {
      text += UNESCAPE[s[i + 1]!] ?? s[i + 1]!;
      i += 2;
    }
  }
  return null;
}

/** The base name of a path: `/usr/bin/node` -> `node`. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
