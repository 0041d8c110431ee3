import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { commandWords, quoteBytes, shellQuote } from '../../src/command-line.js';

const TRICKY = [
  'plain',
  'a b',
  "it's",
  '',
  'café',
  '日本',
  'line\nbreak',
  'tab\there',
  'back\\slash',
  '$HOME',
  '\u001b[2J',
  '*',
];

/** What bash makes of `text` as arguments: each one's bytes, as hex. */
function bashArgs(text: string): string[] {
  const script = `for a in ${text}; do printf '%s' "$a" | od -An -tx1 | tr -d ' \\n'; echo; done`;
  const out = execFileSync('bash', ['-c', script]);
  return out.toString().split('\n').slice(0, -1);
}

test('bash reads each quoted argument back to the same bytes', () => {
  const quoted = TRICKY.map(shellQuote).join(' ');
  assert.deepEqual(
    bashArgs(quoted),
    TRICKY.map((a) => Buffer.from(a).toString('hex')),
  );
  const invalid = [Buffer.from([0x63, 0x61, 0x66, 0xe9]), Buffer.from([0xff, 0x27, 0x5c, 0x0a]), Buffer.from('日本')];
  assert.deepEqual(
    bashArgs(invalid.map(quoteBytes).join(' ')),
    invalid.map((b) => b.toString('hex')),
  );
});

test('a plain word stays bare in any script; anything a shell would split or expand is quoted', () => {
  for (const bare of ['plain', 'café', '日本', 'naïve.txt', 'a-b_c/d=e,f:g@h%i+j'])
    assert.equal(shellQuote(bare), bare);
  for (const [arg, quoted] of [
    ['a b', "'a b'"],
    ['naïve file', "'naïve file'"],
    ['$HOME', "'$HOME'"],
    ['*', "'*'"],
    ['', "''"],
  ]) {
    assert.equal(shellQuote(arg!), quoted);
  }
});

test('commandWords undoes the quoting', () => {
  assert.deepEqual(commandWords(TRICKY.map(shellQuote).join(' ')), TRICKY);
  assert.deepEqual(commandWords(quoteBytes(Buffer.from([0x61, 0xff]))), ['a\ufffd']);
});

test('commandWords takes any text: a title with a lone quote, runs of spaces', () => {
  assert.deepEqual(commandWords("worker: it's  idle "), ['worker:', "it's", 'idle']);
  assert.deepEqual(commandWords("$'unclosed x"), ["$'unclosed", 'x']);
  assert.deepEqual(commandWords(''), []);
});
