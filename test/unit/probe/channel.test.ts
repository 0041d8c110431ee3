import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, constants, existsSync, openSync, readSync, writeSync } from 'node:fs';
import { ProbeChannel } from '../../../src/probe/channel.js';
import { sendMark } from '../../../src/probe/mark.js';
import { heapWire } from '../../../src/probe/wire.js';

const usage = { rss: 0, heapUsed: 1, heapTotal: 2, external: 3, arrayBuffers: 4 };

test('a drain gives the whole lines written since the last, and keeps a cut line for the next', async () => {
  const where = ProbeChannel.plan()!;
  const channel = (await ProbeChannel.open(where))!;
  try {
    assert.deepEqual(channel.drain(), [], 'nothing written, and no writer: no wait');
    const fd = openSync(channel.path, constants.O_WRONLY | constants.O_NONBLOCK);
    const line = heapWire(5, 0, 1000, usage);
    writeSync(fd, line + line.slice(0, 9));
    assert.deepEqual(
      channel.drain().map((m) => m.pid),
      [5],
    );
    // The state carries the cut line to another thread's channel (the sampling thread's).
    const moved = ProbeChannel.adopt(channel.state);
    writeSync(fd, `${line.slice(9)}garbage\n${line}`);
    assert.deepEqual(
      moved.drain().map((m) => [m.kind, m.pid]),
      [
        ['heap', 5],
        ['heap', 5],
      ],
    );
    closeSync(fd);
    assert.equal(sendMark('phase 2', { MEMPROF_CHANNEL: channel.path }, 2500), 'sent');
    assert.deepEqual(moved.drain(), [{ kind: 'mark', pid: process.pid, timeMs: 2500, label: 'phase 2' }]);
  } finally {
    channel.close();
  }
  assert.equal(existsSync(where.dir), false, 'closing removes the FIFO and its directory');
  assert.equal(sendMark('late', { MEMPROF_CHANNEL: where.path }), 'run-over');
  assert.equal(sendMark('none', {}), 'no-run');
});

test('with a probe holding the FIFO open, each drain leaves one newline for the next read, never after a cut line', async () => {
  const channel = (await ProbeChannel.open(ProbeChannel.plan()!))!;
  const { fd, nudge } = channel.state;
  const probe = openSync(channel.path, constants.O_WRONLY | constants.O_NONBLOCK);
  const pending = (): string => {
    // What the next drain would read first: taken out here, so it is put back by the channel's own fd.
    const buffer = Buffer.alloc(64);
    const n = readSync(fd, buffer, 0, buffer.length, null);
    writeSync(nudge, buffer.subarray(0, n));
    return buffer.toString('latin1', 0, n);
  };
  try {
    assert.ok(nudge >= 0, 'memprof holds a write end of its own');
    for (let i = 0; i < 3; i++) {
      assert.deepEqual(channel.drain(), [], 'nothing written');
      assert.equal(pending(), '\n', 'an empty FIFO a probe holds open: the next read finds a newline, not EAGAIN');
    }
    const line = heapWire(7, 0, 1000, usage);
    writeSync(probe, line);
    assert.deepEqual(
      channel.drain().map((m) => m.pid),
      [7],
      'the newline and the line',
    );
    assert.equal(pending(), '\n');
    // A line cut in two (here by its writer; in a run, by a read that stopped at its limit): its end must come
    // next, so no newline goes in after it.
    writeSync(probe, line.slice(0, 9));
    assert.deepEqual(channel.drain(), []);
    assert.throws(() => readSync(fd, Buffer.alloc(8), 0, 8, null), { code: 'EAGAIN' }, 'nothing after the cut');
    writeSync(probe, line.slice(9));
    assert.deepEqual(
      channel.drain().map((m) => m.pid),
      [7],
      'the line whole again',
    );
    assert.equal(pending(), '\n', 'and the newlines are back');
  } finally {
    closeSync(probe);
    channel.close();
  }
});
