import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemprofError } from '../../../src/errors.js';
import { startTarget, type HeldStart } from '../../../src/spawn/target.js';
import { tempDir } from '../../helpers/memprof.js';

// The held start with a stand-in for the cgroup's file: a real shim, a real command, and a file that takes the
// shim's write (a regular file) or refuses it (a directory, as the kernel may refuse a move).

/** What the held start did: `before`'s pids, whether the shim joined by itself, and what it said of the FIFO. */
interface Seen {
  before: number[];
  joinedItself: number;
  made: boolean[];
  aborted: string[];
}

function held(dir: string, joinFile: string, answer: { before: string | null; abort: boolean }): [HeldStart, Seen] {
  const seen: Seen = { before: [], joinedItself: 0, made: [], aborted: [] };
  const start: HeldStart = {
    through: [],
    joinFile,
    before: async (pid) => {
      seen.before.push(pid);
      return answer.before;
    },
    joinedItself: () => {
      seen.joinedItself++;
    },
    abort: (reason) => {
      seen.aborted.push(reason);
      return answer.abort ? new MemprofError(`refused: ${reason}`, { exitCode: 2 }) : null;
    },
    fifo: { path: join(dir, 'channel'), made: (ok) => seen.made.push(ok) },
  };
  return [start, seen];
}

/** A command that appends a line to `ran` each time it runs, and its environment to `ran`.env. */
function countingCommand(ran: string): string[] {
  return ['sh', '-c', `echo once >> "${ran}"; env > "${ran}.env"`];
}

test('the shim joins by itself: it writes 0 to the join file, makes the FIFO, and runs the command once', async () => {
  const dir = tempDir();
  const joinFile = join(dir, 'tasks');
  writeFileSync(joinFile, '');
  const ran = join(dir, 'ran');
  const [start, seen] = held(dir, joinFile, { before: 'never asked', abort: true });
  const target = await startTarget(countingCommand(ran), process.env, undefined, start);
  assert.deepEqual(await target.exited, { code: 0, signal: null });
  assert.equal(readFileSync(joinFile, 'utf8'), '0\n', 'the shim wrote 0: itself');
  assert.deepEqual(seen, { before: [], joinedItself: 1, made: [true], aborted: [] });
  assert.ok(lstatSync(join(dir, 'channel')).isFIFO());
  assert.equal(readFileSync(ran, 'utf8'), 'once\n');
  assert.equal(existsSync(join(dir, 'channel.unjoined')), false);
  assert.doesNotMatch(readFileSync(`${ran}.env`, 'utf8'), /^MEMPROF_(SHIM_|ARG)/m, "none of the shim's variables");
});

test('a join the kernel refuses falls back to memprof moving the shim, and with `abort` the command never runs', async () => {
  const dir = tempDir();
  const joinFile = join(dir, 'tasks');
  mkdirSync(joinFile); // the shim's write fails, as a refused move does
  const ran = join(dir, 'ran');
  const [start, seen] = held(dir, joinFile, { before: 'the kernel said no', abort: true });
  await assert.rejects(startTarget(countingCommand(ran), process.env, undefined, start), /refused: the kernel said no/);
  assert.equal(seen.before.length, 1, 'memprof tried the move itself, for the reason');
  assert.deepEqual(seen.aborted, ['the kernel said no']);
  assert.equal(seen.joinedItself, 0);
  assert.equal(existsSync(ran), false, 'the command never ran');
  assert.equal(existsSync(join(dir, 'channel.unjoined')), false, "the shim's word is removed");
});

test('a refused join without `abort` runs the command once, outside the cgroup', async () => {
  const dir = tempDir();
  const joinFile = join(dir, 'tasks');
  mkdirSync(joinFile);
  const ran = join(dir, 'ran');
  const [start, seen] = held(dir, joinFile, { before: 'the kernel said no', abort: false });
  const target = await startTarget(countingCommand(ran), process.env, undefined, start);
  const exit = await target.exited;
  assert.deepEqual(exit, { code: 0, signal: null });
  assert.equal(readFileSync(ran, 'utf8'), 'once\n', 'run once, not once per shim');
  assert.deepEqual(seen.made, [true], 'the FIFO made once, by the second shim');
  assert.equal(seen.joinedItself, 0);
});

test("a command that exits 125 at once is the command's exit, not a refused join", async () => {
  const dir = tempDir();
  const joinFile = join(dir, 'tasks');
  writeFileSync(joinFile, '');
  const [start, seen] = held(dir, joinFile, { before: 'never asked', abort: true });
  const target = await startTarget(['sh', '-c', 'exit 125'], process.env, undefined, start);
  assert.deepEqual(await target.exited, { code: 125, signal: null });
  assert.deepEqual(seen.before, []);
  assert.equal(seen.joinedItself, 1);
});
