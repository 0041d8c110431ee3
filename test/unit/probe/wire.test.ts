import { test } from 'node:test';
import assert from 'node:assert/strict';
import { endWire, heapWire, markWire, MAX_LABEL, parseWire, v8Wire } from '../../../src/probe/wire.js';
import { nodeOptionWord, probeEnvironment } from '../../../src/probe/environment.js';

test('each message reads back as it was written, a line each', () => {
  const usage = { rss: 9, heapUsed: 1_000_000, heapTotal: 2_000_000, external: 300, arrayBuffers: 20 };
  const heap = heapWire(12, 0, 1_700_000_000_123, usage);
  assert.equal(heap, 'H 12 0 1700000000123 1000000 2000000 300 20\n');
  assert.deepEqual(parseWire(heap.trimEnd()), {
    kind: 'heap',
    pid: 12,
    thread: 0,
    timeMs: 1_700_000_000_123,
    heapUsed: 1_000_000,
    heapTotal: 2_000_000,
    external: 300,
    arrayBuffers: 20,
  });
  const stats = {
    total_physical_size: 5,
    heap_size_limit: 4096,
    malloced_memory: 7,
    number_of_native_contexts: 2,
    number_of_detached_contexts: 1,
  };
  assert.deepEqual(parseWire(v8Wire(12, 3, 5, stats).trimEnd()), {
    kind: 'v8',
    pid: 12,
    thread: 3,
    timeMs: 5,
    physical: 5,
    limit: 4096,
    malloced: 7,
    nativeContexts: 2,
    detachedContexts: 1,
  });
  assert.deepEqual(parseWire(endWire(12, 3, 6).trimEnd()), { kind: 'end', pid: 12, thread: 3, timeMs: 6 });
});

test('a label stays one ASCII line, whatever it holds, and comes back whole', () => {
  const label = 'tests: "a b"\nnext\tcafé ✓ 𝄞';
  const wire = markWire(7, 100, label);
  assert.equal(wire.split('\n').length, 2, 'one line');
  assert.match(wire, /^[\x20-\x7e]+\n$/, 'ASCII only: the channel is read as bytes');
  assert.deepEqual(parseWire(wire.trimEnd()), {
    kind: 'mark',
    pid: 7,
    timeMs: 100,
    label: 'tests: "a b" next café ✓ 𝄞',
  });
  const long = parseWire(markWire(7, 100, 'x'.repeat(5000)).trimEnd());
  assert.equal(long?.kind === 'mark' && long.label.length, MAX_LABEL);
});

test("what is not a probe's message is dropped, not misread", () => {
  for (const line of [
    '',
    'H 1 0 5 1 2 3',
    'H 1 0 5 1 2 3 4 5',
    'H -1 0 5 1 2 3 4',
    'H 1 0 5 1.5 2 3 4',
    'E 1 x 5',
    'M 1 5 not-json',
    'M 1 5 42',
    'Z 1 2 3',
  ]) {
    assert.equal(parseWire(line), null, line);
  }
});

test('NODE_OPTIONS gets the probe added to what the user gave, quoted as Node reads it', () => {
  assert.equal(nodeOptionWord('/opt/memprof/node-probe.cjs'), '/opt/memprof/node-probe.cjs');
  assert.equal(nodeOptionWord('/my dir/"x"\\p.cjs'), '"/my dir/\\"x\\"\\\\p.cjs"');
  const env = probeEnvironment(
    { NODE_OPTIONS: '--max-old-space-size=512', MEMPROF_NODE_PERIOD: '99', PATH: '/bin' },
    { channel: '/tmp/m/channel', probe: '/a b/node-probe.cjs', periodMs: 10 },
  );
  assert.equal(env.NODE_OPTIONS, '--max-old-space-size=512 --require "/a b/node-probe.cjs"');
  assert.equal(env.MEMPROF_CHANNEL, '/tmp/m/channel');
  assert.equal(env.MEMPROF_NODE_PERIOD, '10');
  assert.equal(env.PATH, '/bin');
  // Marks only: the channel, no probe; an outer run's channel is never passed on.
  const marksOnly = probeEnvironment(
    { MEMPROF_CHANNEL: '/outer', MEMPROF_NODE_PERIOD: '10' },
    { channel: '/tmp/m/channel', probe: null, periodMs: 10 },
  );
  assert.deepEqual(marksOnly, { MEMPROF_CHANNEL: '/tmp/m/channel' });
  assert.deepEqual(probeEnvironment({ MEMPROF_CHANNEL: '/outer' }, { channel: null, probe: 'p', periodMs: 10 }), {});
});
