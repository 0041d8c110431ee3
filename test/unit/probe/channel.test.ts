import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, constants, existsSync, openSync, writeSync } from 'node:fs';
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
