import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onFirstUse } from '../../src/stdio.js';

/** An owner whose `stream` is made on first read, as Node makes process.stdout: counts how often it is made. */
function lazyOwner(): { owner: { stream: object }; made: () => number } {
  let made = 0;
  let stream: object | undefined;
  const owner = {} as { stream: object };
  Object.defineProperty(owner, 'stream', {
    configurable: true,
    enumerable: true,
    get: () => {
      if (stream === undefined) {
        made++;
        stream = { id: 'the stream' };
      }
      return stream;
    },
  });
  return { owner, made: () => made };
}

test('onFirstUse makes nothing until the property is read, then attaches once to what the getter made', () => {
  const { owner, made } = lazyOwner();
  const attached: object[] = [];
  onFirstUse(owner, 'stream', (s) => attached.push(s));
  assert.equal(made(), 0, 'installing it made the stream');
  assert.deepEqual(attached, []);
  const first = owner.stream;
  assert.equal(made(), 1);
  assert.deepEqual(attached, [first]);
  assert.equal(owner.stream, first, 'a second read gives the same stream');
  assert.equal(attached.length, 1, 'attached again on the second read');
  const descriptor = Object.getOwnPropertyDescriptor(owner, 'stream');
  assert.equal(descriptor?.enumerable, true);
  assert.equal(descriptor?.configurable, true);
});

test('onFirstUse attaches at once to a plain value or a getter it cannot replace', () => {
  const plain: { stream: object } = { stream: { id: 'plain' } };
  const seen: object[] = [];
  onFirstUse(plain, 'stream', (s) => seen.push(s));
  assert.deepEqual(seen, [plain.stream]);
  const fixed = {} as { stream: object };
  const value = { id: 'fixed' };
  Object.defineProperty(fixed, 'stream', { configurable: false, get: () => value });
  onFirstUse(fixed, 'stream', (s) => seen.push(s));
  assert.equal(seen[1], value);
});
