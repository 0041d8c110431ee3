import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRunCgroup, type RunCgroup } from '../../../src/platform/cgroup/acquire.js';
import { CgroupProbe } from '../../../src/platform/cgroup/probe.js';
import { locateScope } from '../../../src/platform/cgroup/scope.js';

const V2_MOUNTINFO = '30 23 0:26 / /sys/fs/cgroup rw,nosuid shared:9 - cgroup2 cgroup2 rw,nsdelegate\n';
const HYBRID_MOUNTINFO =
  '35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n' +
  '41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n';
/** memprof's own cgroup, a login session's: it has processes, so it cannot pass the memory controller on. */
const SESSION = '/user.slice/user-1000.slice/session-2.scope';
const APP_SLICE = '/user.slice/user-1000.slice/user@1000.service/app.slice';
const RUNTIME = '/run/user/1000';

/** A fake root: /proc/self, memprof's v2 cgroup without delegation, and a PATH dir holding `systemd-run`. */
function fakeSystem(): string {
  const root = mkdtempSync(join(tmpdir(), 'memprof-scope-'));
  mkdirSync(join(root, 'proc/self'), { recursive: true });
  writeFileSync(join(root, 'proc/self/cgroup'), `0::${SESSION}\n`);
  writeFileSync(join(root, 'proc/self/mountinfo'), V2_MOUNTINFO);
  mkdirSync(join(root, 'sys/fs/cgroup', SESSION), { recursive: true });
  writeFileSync(join(root, 'sys/fs/cgroup', SESSION, 'cgroup.subtree_control'), '');
  mkdirSync(join(root, 'usr/bin'), { recursive: true });
  writeFileSync(join(root, 'usr/bin/systemd-run'), '#!/bin/sh\n');
  chmodSync(join(root, 'usr/bin/systemd-run'), 0o755);
  mkdirSync(join(root, RUNTIME, 'systemd'), { recursive: true });
  return root;
}

function listen(path: string): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(path, () => resolve(server));
  });
}

const NO_LEAF = /^memprof's cgroup \S+ does not pass the memory controller to cgroups below it \(.*\); /;

test('where memprof may make no leaf: systemd-run, when it is on PATH and a user manager has a socket', async () => {
  const root = fakeSystem();
  const env = { PATH: '/opt/bin:/usr/bin', XDG_RUNTIME_DIR: RUNTIME };
  const reason = (e: NodeJS.ProcessEnv): string => openRunCgroup(root, e) as string;
  assert.match(reason({ ...env, PATH: '/opt/bin' }), new RegExp(`${NO_LEAF.source}systemd-run is not on PATH$`));
  assert.match(reason({ PATH: env.PATH }), /; no user manager to ask \(XDG_RUNTIME_DIR is not set\)$/);
  assert.match(reason(env), /; no user manager to ask \(no socket \/run\/user\/1000\/bus\)$/);
  writeFileSync(join(root, RUNTIME, 'bus'), '');
  assert.match(reason(env), /no socket/, 'a plain file is no socket');
  rmSync(join(root, RUNTIME, 'bus'));
  // The manager's private socket, or else the user's bus, will do: nothing is started to ask.
  for (const socket of ['systemd/private', 'bus']) {
    const server = await listen(join(root, RUNTIME, socket));
    const opened = openRunCgroup(root, env);
    server.close();
    assert.notEqual(typeof opened, 'string', String(opened));
    const scope = opened as RunCgroup;
    assert.equal(scope.madeBy, 'systemd');
    assert.match(scope.noLeaf!, /does not pass the memory controller/);
    assert.deepEqual(scope.through.slice(0, 4), ['systemd-run', '--user', '--scope', '--quiet']);
    assert.match(scope.through[4]!, new RegExp(`^--unit=memprof-${process.pid}-[0-9a-f]{8}\\.scope$`));
    assert.deepEqual(scope.through.slice(5), ['-p', 'MemoryAccounting=yes', '--']);
  }
});

/** A scope as systemd makes it for `unit` under app.slice, with the command's pid 4242 in it. */
function fakeScope(root: string, unit: string, files: Record<string, string>): string {
  const dir = join(root, 'sys/fs/cgroup', APP_SLICE, unit);
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  mkdirSync(join(root, 'proc/4242'), { recursive: true });
  writeFileSync(join(root, 'proc/4242/cgroup'), `0::${APP_SLICE}/${unit}\n`);
  return dir;
}

test("the scope is found from the command's /proc/PID/cgroup, read there, and never removed by memprof", async () => {
  const root = fakeSystem();
  const server = await listen(join(root, RUNTIME, 'bus'));
  const scope = openRunCgroup(root, { PATH: '/usr/bin', XDG_RUNTIME_DIR: RUNTIME }) as RunCgroup;
  server.close();
  const unit = scope.through[4]!.slice('--unit='.length);
  assert.match((await scope.join(4242))!, /process 4242 is gone before it ran/);
  const dir = fakeScope(root, unit, { 'memory.current': '0\n', 'cgroup.procs': '4242\n4250\n' });
  assert.equal(await scope.join(4242), null);
  assert.deepEqual(scope.place, { version: 2, dir, path: `${APP_SLICE}/${unit}`, unit });
  // systemd's: memprof counts what is left in it, and leaves it.
  assert.deepEqual(scope.remove(), { removed: false, remaining: 2 });
  assert.ok(existsSync(dir));
});

test('a scope with no memory cgroup of its own is said, not read', () => {
  const root = fakeSystem();
  const unit = 'memprof-1-ab.scope';
  const v2 = fakeScope(root, unit, {});
  assert.deepEqual(locateScope(`0::${APP_SLICE}/${unit}\n`, V2_MOUNTINFO, unit, root), {
    reason: `systemd's scope ${unit} has no memory controller (the user manager was not delegated it)`,
  });
  writeFileSync(join(v2, 'memory.current'), '0\n');
  assert.equal('place' in locateScope(`0::${APP_SLICE}/${unit}\n`, V2_MOUNTINFO, unit, root), true);
  // cgroup v1: systemd makes a user manager's scope in its own hierarchies, not in the memory one.
  const hybrid = `9:name=systemd:${APP_SLICE}/${unit}\n4:memory:/user.slice\n0::${APP_SLICE}/${unit}\n`;
  assert.deepEqual(locateScope(hybrid, HYBRID_MOUNTINFO, unit), {
    reason: `systemd's scope ${unit} has no memory cgroup of its own (the command is in /user.slice)`,
  });
});

test("a scope's high-water mark is read on every tick: systemd may remove it before the end's read", () => {
  const root = fakeSystem();
  const files = { 'memory.current': '1048576\n', 'memory.peak': '2097152\n', 'memory.stat': 'anon 1\nfile 0\n' };
  const unit = 'memprof-1-ab.scope';
  const dir = fakeScope(root, unit, files);
  const path = `${APP_SLICE}/${unit}`;
  const scope = new CgroupProbe({ version: 2, dir, path, unit });
  const leaf = new CgroupProbe({ version: 2, dir, path });
  for (const probe of [scope, leaf]) assert.equal(probe.read({ peak: true, split: true }).peak, 2097152);
  writeFileSync(join(dir, 'memory.peak'), '3145728\n');
  assert.equal(scope.read({ peak: false, split: false }).peak, 3145728);
  assert.equal(leaf.read({ peak: false, split: false }).peak, null, "a leaf's, at the slower pace");
  scope.close();
  leaf.close();
});
