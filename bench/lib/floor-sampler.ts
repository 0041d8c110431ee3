// Floors for the sampling cost: the least a /proc sampler in Node does each tick, and nothing more. It starts
// the workload, finds its processes once, then on every slot preads /proc/loadavg and each process's statm
// through kept-open fds and writes a MEM line and one CHLD line a process in one write. No discovery after
// the start, no high-water marks, no summary. `timer` ticks on the main thread with setTimeout slots, as
// memprof's first ticks do; `worker` ticks in a worker thread that sleeps in Atomics.wait, with no event loop
// between ticks, as memprof's sampling thread does (src/sampler/thread-worker.ts).
// Usage: node floor-sampler.js timer|worker INTERVAL_SECONDS OUT.dat -- command...
import { spawn } from 'node:child_process';
import { openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { isMainThread, Worker, workerData } from 'node:worker_threads';

interface Job {
  pids: number[];
  out: string;
  intervalMs: number;
}

const buffer = Buffer.allocUnsafe(4096);

function residentPages(fd: number): number {
  const n = readSync(fd, buffer, 0, buffer.length, 0);
  const text = buffer.toString('latin1', 0, n);
  return parseInt(text.slice(text.indexOf(' ') + 1), 10);
}

/** One tick's reads and write, as a function of nothing. */
function ticker(job: Job): () => void {
  const statm = job.pids.map((pid) => openSync(`/proc/${pid}/statm`, 'r'));
  const loadavg = openSync('/proc/loadavg', 'r');
  const file = openSync(job.out, 'w');
  return () => {
    readSync(loadavg, buffer, 0, buffer.length, 0);
    const time = ((performance.timeOrigin + performance.now()) / 1000).toFixed(4);
    let total = 0;
    let lines = '';
    for (let i = 0; i < job.pids.length; i++) {
      const bytes = residentPages(statm[i]!) * 4096;
      total += bytes;
      if (i > 0) lines += `CHLD ${job.pids[i]} ${(bytes / 1048576).toFixed(6)} ${time}\n`;
    }
    writeSync(file, `MEM ${(total / 1048576).toFixed(6)} ${time}\n${lines}`);
  };
}

function onTimer(job: Job): void {
  const tick = ticker(job);
  const t0 = performance.now();
  let slot = 0;
  const fire = (): void => {
    tick();
    slot++;
    setTimeout(fire, Math.max(0, t0 + slot * job.intervalMs - performance.now()));
  };
  fire();
}

function inWorker(job: Job): void {
  const tick = ticker(job);
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const t0 = performance.now();
  for (let slot = 1; ; slot++) {
    tick();
    const wait = t0 + slot * job.intervalMs - performance.now();
    if (wait > 0) Atomics.wait(sleeper, 0, 0, wait);
  }
}

if (isMainThread) {
  const [mode, intervalText, out, , ...workload] = process.argv.slice(2);
  const child = spawn(workload[0]!, workload.slice(1), { stdio: 'ignore' });
  child.once('exit', () => process.exit(0));
  setTimeout(() => {
    // the workload's shell has started its children by then
    const root = child.pid!;
    const kids = readFileSync(`/proc/${root}/task/${root}/children`, 'latin1').split(' ').filter(Boolean).map(Number);
    const job: Job = { pids: [root, ...kids], out: out!, intervalMs: Number(intervalText) * 1000 };
    if (mode === 'worker') new Worker(new URL(import.meta.url), { workerData: job });
    else onTimer(job);
  }, 300);
} else {
  inWorker(workerData as Job);
}
