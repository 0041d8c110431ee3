import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRunCgroup } from '../../../src/platform/cgroup/acquire.js';
import { parseOomKills, parseProcs, parseSplit } from '../../../src/platform/cgroup/files.js';
import { leafUnavailable, removeStaleLeaves } from '../../../src/platform/cgroup/leaf.js';
import { locateOwnCgroup } from '../../../src/platform/cgroup/locate.js';
import { CgroupProbe, PENDING_MS } from '../../../src/platform/cgroup/probe.js';

const V2_MOUNTINFO = '30 23 0:26 / /sys/fs/cgroup rw,nosuid shared:9 - cgroup2 cgroup2 rw,nsdelegate\n';
const HYBRID_MOUNTINFO =
  '31 23 0:28 / /sys/fs/cgroup tmpfs rw - tmpfs tmpfs rw,mode=755\n' +
  '35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n' +
  '41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n';
const SCOPE = '/user.slice/user-1000.slice/user@1000.service/app.slice/run-1.scope';

/** A fake cgroupfs: /proc/self/cgroup and mountinfo, and memprof's own v2 cgroup with `files`. */
function fakeV2(files: Record<string, string>, path = SCOPE): { root: string; dir: string } {
  const root = mkdtempSync(join(tmpdir(), 'memprof-cgfs-'));
  mkdirSync(join(root, 'proc/self'), { recursive: true });
  writeFileSync(join(root, 'proc/self/cgroup'), `0::${path}\n`);
  writeFileSync(join(root, 'proc/self/mountinfo'), V2_MOUNTINFO);
  const dir = join(root, 'sys/fs/cgroup', path);
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return { root, dir };
}

test('the own cgroup: v2 from the 0:: line under the cgroup2 mount; v1 memory wins on a hybrid system', () => {
  assert.deepEqual(locateOwnCgroup(`0::${SCOPE}\n`, V2_MOUNTINFO, '/fake'), {
    place: { version: 2, dir: `/fake/sys/fs/cgroup${SCOPE}`, path: SCOPE },
  });
  const hybrid = '4:memory:/process_api/abc\n1:cpu:/\n0::/\n';
  assert.deepEqual(locateOwnCgroup(hybrid, HYBRID_MOUNTINFO), {
    place: { version: 1, dir: '/sys/fs/cgroup/memory/process_api/abc', path: '/process_api/abc' },
  });
  // A container's namespace shows its own part of the hierarchy from the mount's root.
  const nested = '30 23 0:26 /docker/c1 /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n';
  assert.deepEqual(locateOwnCgroup('0::/docker/c1/job\n', nested), {
    place: { version: 2, dir: '/sys/fs/cgroup/job', path: '/docker/c1/job' },
  });
  assert.match(JSON.stringify(locateOwnCgroup('0::/elsewhere\n', nested)), /outside the mounted cgroup2/);
  assert.deepEqual(locateOwnCgroup('1:cpu:/\n', '35 31 0:32 / /c rw - cgroup cgroup rw,cpu\n'), {
    reason: 'no cgroup memory controller is mounted',
  });
});

test('v2 delegation: a leaf needs memory in the own cgroup.subtree_control', () => {
  const without = fakeV2({ 'cgroup.subtree_control': 'cpu io\n', 'cgroup.procs': '' });
  const place = { version: 2 as const, dir: without.dir, path: SCOPE };
  assert.match(leafUnavailable(place)!, /does not pass the memory controller to cgroups below it/);
  assert.match(openRunCgroup(without.root) as string, /does not pass the memory controller/);
  const delegated = fakeV2({ 'cgroup.subtree_control': 'cpu memory pids\n', 'cgroup.procs': '' });
  assert.equal(leafUnavailable({ version: 2, dir: delegated.dir, path: SCOPE }), null);
  // mkdir works in the fake tree, but only the kernel gives a leaf its memory files.
  assert.match(openRunCgroup(delegated.root) as string, /has no memory controller/);
  assert.equal(existsSync(join(delegated.dir, 'cgroup.procs')), true);
});

test('stale leaves: only empty ones whose memprof is gone are removed', () => {
  const { dir } = fakeV2({});
  for (const name of ['memprof-111-ab', 'memprof-222-cd', 'memprof-333-ef', 'other']) mkdirSync(join(dir, name));
  writeFileSync(join(dir, 'memprof-333-ef', 'cgroup.procs'), '4242\n');
  const removed = removeStaleLeaves({ version: 2, dir, path: SCOPE }, (pid) => pid === 222);
  assert.deepEqual(removed, ['memprof-111-ab']);
  for (const kept of ['memprof-222-cd', 'memprof-333-ef', 'other']) assert.ok(existsSync(join(dir, kept)), kept);
});

const V2_STAT = 'anon 314572800\nfile 8388608\nkernel 2097152\nshmem 1048576\nfile_mapped 0\n';

test('memory.stat, memory.events and cgroup.procs of both versions', () => {
  assert.deepEqual(parseSplit(2, V2_STAT, 330e6, null), {
    anon: 314572800,
    file: 8388608,
    shmem: 1048576,
    kernel: 2097152,
    usage: 330e6,
  });
  // Before `kernel` was a key of its own: the sum of its parts.
  assert.equal(parseSplit(2, 'anon 1\nfile 2\nkernel_stack 16384\nslab 8192\npercpu 0\n', 3, null)!.kernel, 24576);
  assert.equal(parseSplit(2, 'anon 1\nfile 2\n', 3, null)!.kernel, null);
  const v1 = 'cache 5\nrss 6\ntotal_cache 4096\ntotal_rss 8192\ntotal_shmem 0\n';
  assert.deepEqual(parseSplit(1, v1, 12288, 512), { anon: 8192, file: 4096, shmem: 0, kernel: 512, usage: 12288 });
  assert.equal(parseSplit(2, 'not a stat', 0, null), null);
  assert.equal(parseOomKills('low 0\nhigh 0\nmax 3\noom 2\noom_kill 1\noom_group_kill 0\n'), 1);
  assert.equal(parseOomKills('oom_kill_disable 0\nunder_oom 0\noom_kill 4\n'), 4);
  assert.equal(parseOomKills('oom_kill_disable 0\nunder_oom 0\n'), null);
  assert.deepEqual(parseProcs('12\n345\n\n'), [12, 345]);
});

test('the probe reads usage each tick, the rest when due, and ties an OOM kill to the process gone with it', () => {
  const files = {
    'memory.current': '1048576\n',
    'memory.peak': '2097152\n',
    'memory.stat': V2_STAT,
    'memory.events': 'oom 0\noom_kill 0\n',
    'cgroup.procs': '10\n11\n',
  };
  const { dir } = fakeV2(files);
  const probe = new CgroupProbe({ version: 2, dir, path: SCOPE });
  const ALL = { peak: true, split: true };
  const NONE = { peak: false, split: false };
  const first = probe.read(ALL);
  assert.equal(first.usage, 1048576);
  assert.equal(first.peak, 2097152);
  assert.equal(first.split!.anon, 314572800);
  assert.deepEqual(probe.members(), [10, 11]);
  // Nothing new: no figure repeated; usage a little higher: no split read again before its pace.
  writeFileSync(join(dir, 'memory.current'), '1048600\n');
  const second = probe.read(NONE);
  assert.deepEqual([second.usage, second.peak, second.split], [1048600, null, null]);
  // Far above the split's usage: the split is read at once.
  writeFileSync(join(dir, 'memory.current'), '4194304\n');
  assert.equal(probe.read(NONE).split!.usage, 4194304);
  // The high-water mark at its own pace, without the split; and at once when the usage passes the known one.
  writeFileSync(join(dir, 'memory.peak'), '4194400\n');
  assert.deepEqual(probe.read({ peak: true, split: false }).peak, 4194400);
  writeFileSync(join(dir, 'memory.current'), '4194500\n');
  writeFileSync(join(dir, 'memory.peak'), '4194600\n');
  const passed = probe.read(NONE);
  assert.deepEqual([passed.peak, passed.split], [4194600, null]);
  writeFileSync(join(dir, 'memory.events'), 'oom 1\noom_kill 1\n');
  probe.noteGone(11, 50e6);
  probe.noteGone(10, 90e6);
  assert.deepEqual(probe.read(NONE, false, 1000).ooms, [{ kills: 1, pid: 10 }]);
  // A kill counted before its process is seen gone waits for it: a victim can take a second to exit.
  writeFileSync(join(dir, 'memory.events'), 'oom 2\noom_kill 2\n');
  assert.deepEqual(probe.read(ALL, false, 2000).ooms, [], 'counted at a slow read');
  assert.deepEqual(probe.read(NONE, false, 2010).ooms, []);
  probe.noteGone(12, 70e6);
  assert.deepEqual(probe.read(NONE, false, 2900).ooms, [{ kills: 2, pid: 12 }], 'named when it goes, 0.9 s on');
  // One with no process seen gone is written without one, PENDING_MS after it was counted.
  writeFileSync(join(dir, 'memory.events'), 'oom 3\noom_kill 3\n');
  assert.deepEqual(probe.read(ALL, false, 3000).ooms, []);
  assert.deepEqual(probe.read(NONE, false, 3000 + PENDING_MS - 10).ooms, []);
  assert.deepEqual(probe.read(NONE, false, 3000 + PENDING_MS).ooms, [{ kills: 3, pid: null }]);
  // The run's last tick writes what still waits.
  writeFileSync(join(dir, 'memory.events'), 'oom 4\noom_kill 4\n');
  assert.deepEqual(probe.read(NONE, true, 9000).ooms, [{ kills: 4, pid: null }]);
  probe.close();
});
