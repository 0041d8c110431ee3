import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';
import { decodeDat } from '../../src/format/decode.js';
import { memprof, tempDir, type CliResult } from '../helpers/memprof.js';
import { processesMarked, TRY_MARKER } from '../helpers/processes.js';

/** When the signal is sent: `delayMs` after memprof started, or after its file appeared (the command starts next). */
interface Moment {
  signal: NodeJS.Signals;
  after: 'start' | 'file';
  delayMs: number;
}

interface Try extends Moment {
  result: CliResult;
  datFile: string;
  /** The command's processes still running once memprof is gone: there must be none. */
  left: number[];
}

/** `memprof run -- sleep 30` in an environment marked `marker`, sent a signal at `moment`; what was left after. */
async function signalAt(moment: Moment, marker: string): Promise<Try> {
  const datFile = join(tempDir(), 'out.dat');
  let poll: NodeJS.Timeout | undefined;
  let exited = false;
  let left: number[] = [];
  const result = await memprof(['run', '-q', '-o', datFile, '--', 'sleep', '30'], {
    timeoutMs: 20_000,
    env: { [TRY_MARKER]: marker },
    onStart: (pid) => {
      const kill = (): void => {
        if (!exited) process.kill(pid, moment.signal);
      };
      const send = (): void => {
        setTimeout(kill, moment.delayMs);
      };
      if (moment.after === 'start') send();
      else
        poll = setInterval(() => {
          if (existsSync(datFile)) {
            clearInterval(poll);
            send();
          }
        }, 2);
    },
    onExit: () => {
      exited = true;
      clearInterval(poll);
      left = processesMarked(marker);
      for (const pid of left) process.kill(pid, 'SIGKILL'); // they hold memprof's output open: end them to go on
    },
  });
  return { ...moment, result, datFile, left };
}

/** Run `tries` with at most `width` at once: enough load to spread the moments, not so much as to slow the test. */
async function inParallel<T>(tries: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < tries.length) {
      const index = next++;
      results[index] = await tries[index]!();
    }
  };
  await Promise.all(Array.from({ length: width }, lane));
  return results;
}

/**
 * From memprof's start, 0 to 300 ms: mostly before it catches signals (its start-up takes longer with 8 at
 * once); from its file, 0 to 120 ms: around the command's start and the recording's, whatever the load.
 */
function moments(): Moment[] {
  const fromStart = Array.from({ length: 11 }, (_, i) => ({ after: 'start' as const, delayMs: i * 30 }));
  const fromFile = [0, 0, 5, 10, 20, 40, 80, 120].map((delayMs) => ({ after: 'file' as const, delayMs }));
  const each = [...fromStart, ...fromFile];
  return (['SIGTERM', 'SIGINT'] as const).flatMap((signal) => each.map((moment) => ({ signal, ...moment })));
}

/** What is wrong with one try; empty when memprof ended as it should, whatever the moment the signal landed. */
function problemsOf({ signal, result, datFile, left }: Try): string[] {
  const problems: string[] = [];
  if (left.length > 0) problems.push(`the command was left running (pid ${left.join(', ')})`);
  if (/\n\s+at |internal error/.test(result.stderr)) problems.push(`a stack trace: ${result.stderr}`);
  if (result.signal !== null) {
    // Not caught yet: the default action ended memprof before it created the file or started the command.
    if (result.signal !== signal) problems.push(`memprof died of ${result.signal}`);
    if (existsSync(datFile)) problems.push('memprof died of the signal and left a file behind');
    return problems;
  }
  // Caught: forwarded to the command, which died of it; memprof closed the recording and passed its status on.
  const status = 128 + constants.signals[signal];
  if (result.code !== status) problems.push(`exit ${result.code}, not ${status}: ${result.stderr}`);
  const [rec] = existsSync(datFile) ? decodeDat(readFileSync(datFile, 'utf8')) : [];
  if (rec?.done?.exitCode !== status) problems.push(`the recording is not closed with the command's status ${status}`);
  return problems;
}

test('a signal at any moment of start-up ends the command too: nothing left running, status 128+N', async (t) => {
  const tries = await inParallel(
    moments().map((moment, i) => () => signalAt(moment, `${process.pid}-${i}`)),
    8,
  );
  const problems = tries.flatMap((run) =>
    problemsOf(run).map((p) => `${run.signal} ${run.delayMs} ms after ${run.after}: ${p}`),
  );
  assert.deepEqual(problems, []);
  const beforeCommand = tries.filter((run) => run.result.signal !== null).length;
  t.diagnostic(`${beforeCommand} of ${tries.length} signals ended memprof before it caught them`);
});
