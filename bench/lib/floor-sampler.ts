// A floor for the sampling cost: the least a /proc sampler in Node does each tick, and nothing more. It starts
// the workload, finds its processes once, then on every slot (setTimeout, counted like memprof's ticker)
// preads /proc/loadavg and each process's statm through kept-open fds and writes a MEM line and one CHLD
// line a process in one write. No discovery after the start, no high-water marks, no summary: what memprof
// costs above this is its own; what this costs above a bare timer is the reads and the write on this machine.
// Usage: node floor-sampler.js INTERVAL_SECONDS OUT.dat -- command...
import { spawn } from 'node:child_process';
import { openSync, readFileSync, readSync, writeSync } from 'node:fs';

const [intervalText, out, , ...workload] = process.argv.slice(2);
const intervalMs = Number(intervalText) * 1000;
const child = spawn(workload[0]!, workload.slice(1), { stdio: 'ignore' });
const buffer = Buffer.allocUnsafe(4096);

function residentPages(fd: number): number {
  const n = readSync(fd, buffer, 0, buffer.length, 0);
  const text = buffer.toString('latin1', 0, n);
  return parseInt(text.slice(text.indexOf(' ') + 1), 10);
}

function start(): void {
  const root = child.pid!;
  const kids = readFileSync(`/proc/${root}/task/${root}/children`, 'latin1').split(' ').filter(Boolean).map(Number);
  const pids = [root, ...kids];
  const statm = pids.map((pid) => openSync(`/proc/${pid}/statm`, 'r'));
  const loadavg = openSync('/proc/loadavg', 'r');
  const file = openSync(out!, 'w');
  const t0 = performance.now();
  let slot = 0;
  const tick = (): void => {
    readSync(loadavg, buffer, 0, buffer.length, 0);
    const time = ((performance.timeOrigin + performance.now()) / 1000).toFixed(4);
    let total = 0;
    let lines = '';
    for (let i = 0; i < pids.length; i++) {
      const bytes = residentPages(statm[i]!) * 4096;
      total += bytes;
      if (i > 0) lines += `CHLD ${pids[i]} ${(bytes / 1048576).toFixed(6)} ${time}\n`;
    }
    writeSync(file, `MEM ${(total / 1048576).toFixed(6)} ${time}\n${lines}`);
    slot++;
    setTimeout(tick, Math.max(0, t0 + slot * intervalMs - performance.now()));
  };
  tick();
}

child.once('exit', () => process.exit(0));
setTimeout(start, 300); // the workload's shell has started its children by then
