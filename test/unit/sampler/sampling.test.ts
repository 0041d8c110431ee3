import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { adoptEpochBase, epochBase, epochMs } from '../../../src/clock.js';
import { decodeDat } from '../../../src/format/decode.js';
import { DatWriter } from '../../../src/format/writer.js';
import type { ProcfsSource } from '../../../src/platform/procfs/source.js';
import { procfsPlatform } from '../../../src/platform/procfs/platform.js';
import { Sampling } from '../../../src/sampler/sampling.js';
import { createSession, THREAD_AFTER_TICKS, threadStartDelayMs } from '../../../src/sampler/select.js';
import { readTreeReport } from '../../helpers/dat.js';
import { tempDir, waitFor } from '../../helpers/memprof.js';
import { treeCommand } from '../../helpers/tree.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("the /proc files the sampling thread opened stay open once it has stopped and exited, and its clock is the main thread's", {
  skip: !process.platform.startsWith('linux'),
}, async () => {
  const dir = tempDir();
  const report = join(dir, 'report.jsonl');
  // The child starts 400 ms in, well after the thread has taken the session over: the thread opens its files.
  const spec = { name: 'root', hold: 3000, children: [{ name: 'late', delay: 400, hold: 3000 }] };
  const [program, ...args] = treeCommand(spec);
  const root = spawn(program!, args, {
    stdio: 'ignore',
    env: { ...process.env, TREE_REPORT: report },
  });
  // A minute ahead: a thread keeping a clock of its own would write times a minute back, or sleep a minute.
  const base = epochBase();
  adoptEpochBase(base + 60_000);
  try {
    const from = epochMs();
    const writer = DatWriter.create(join(dir, 'out.dat'));
    const setup = await createSession(
      procfsPlatform,
      { rootPid: root.pid!, rootCommand: 'root', sessionId: null, runMark: null, followTree: true, metric: 'rss' },
      { rootPid: root.pid!, memScope: 'root', perProcess: true, followTree: true },
      0.01,
      writer,
    );
    const sampling = new Sampling(setup, 10, (failure) => assert.fail(failure), 50);
    sampling.start();
    const late = await waitFor(() => readTreeReport(report).find((e) => e.name === 'late'), 10_000, 'the late child');
    await sleep(300);
    const { source, writer: finalWriter } = await sampling.stop();
    await sleep(300); // the worker has exited by now: Node closes the fds it tracks then
    assert.deepEqual(source.survivors(), [late.pid]);
    assert.ok(setup.plan !== null, 'a procfs session can move to the thread');
    const files = (source as ProcfsSource).state.tracked.get(late.pid)!;
    for (const fd of [files.statm, files.status, files.children]) assert.doesNotThrow(() => fstatSync(fd), `fd ${fd}`);
    source.close();
    finalWriter.close();
    const run = decodeDat(readFileSync(join(dir, 'out.dat')))[0]!;
    // The thread found the late child and read it: the files it opened are the ones checked above.
    assert.ok(
      run.processes.some((p) => p.pid === late.pid && p.samples.t.length > 0),
      'the late child was sampled',
    );
    const times = run.mem.t.map((t) => t * 1000);
    const to = epochMs();
    // Over 0.7 s at 10 ms: enough ticks for the order below to mean something, however loaded the machine.
    assert.ok(times.length > 10, `${times.length} ticks`);
    times.forEach((t, i) => {
      assert.ok(t >= from - 1 && t <= to + 1, `tick ${i} at ${t - from} ms, the run lasted ${to - from} ms`);
      // Never back; two ticks may share a written time (0.1 ms) when a late one ran just before the next slot.
      if (i > 0) assert.ok(t >= times[i - 1]!, `tick ${i} is ${times[i - 1]! - t} ms before the one before it`);
    });
  } finally {
    adoptEpochBase(base);
    process.kill(root.pid!, 'SIGKILL');
    const late = readTreeReport(report).find((e) => e.name === 'late');
    if (late) process.kill(late.pid, 'SIGKILL');
  }
});

test('the sampling thread starts after a thousand ticks, or when MEMPROF_SAMPLING_THREAD_AFTER says', () => {
  assert.equal(THREAD_AFTER_TICKS, 1000);
  assert.equal(threadStartDelayMs(10, {}), 10_000);
  assert.equal(threadStartDelayMs(100, {}), 100_000);
  assert.equal(threadStartDelayMs(10, { MEMPROF_SAMPLING_THREAD_AFTER: '50' }), 50);
  assert.equal(threadStartDelayMs(10, { MEMPROF_SAMPLING_THREAD_AFTER: '0' }), 0);
  // Not a number of ms: the default, as if unset.
  for (const text of ['', ' ', 'soon', '-5', 'Infinity'])
    assert.equal(threadStartDelayMs(10, { MEMPROF_SAMPLING_THREAD_AFTER: text }), 10_000, JSON.stringify(text));
});
