import { test } from 'node:test';
import assert from 'node:assert/strict';
import { treeMembers } from '../../../src/platform/tree.js';

test('finds children and grandchildren of tracked pids, whatever the row order', () => {
  const rows = [
    { pid: 50, ppid: 300 }, // a grandchild whose pid is lower than its parent's (pid wrap-around)
    { pid: 300, ppid: 100 },
    { pid: 400, ppid: 1 },
    { pid: 100, ppid: 1 },
  ];
  assert.deepEqual(
    treeMembers(rows, new Set([100]), null).sort((a, b) => a - b),
    [50, 300],
  );
});

test('orphans re-parented to init are found by session id, with their children', () => {
  const rows = [
    { pid: 200, ppid: 1, sid: 100 },
    { pid: 201, ppid: 200, sid: 999 }, // left the session, but its parent is ours
    { pid: 202, ppid: 1, sid: 5 },
  ];
  assert.deepEqual(treeMembers(rows, new Set([100]), 100).sort(), [200, 201]);
  assert.deepEqual(treeMembers(rows, new Set([100]), null), []);
});

test('tracked pids are not returned again', () => {
  assert.deepEqual(
    treeMembers(
      [
        { pid: 2, ppid: 1 },
        { pid: 1, ppid: 0 },
      ],
      new Set([1, 2]),
      null,
    ),
    [],
  );
});
