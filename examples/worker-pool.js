#!/usr/bin/env node
// A Node worker pool: the parent forks WORKERS children (child_process.fork); each allocates and
// touches MIB MiB, works on it for a while, and exits. Profile it with:
//   memprof run -M node examples/worker-pool.js [workers=4] [mib=64] [ms=1500]
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MiB = 1024 * 1024;

function runWorker(id, mib, ms) {
  // Stagger the workers so their curves are told apart; Buffer.alloc with a fill touches every page.
  setTimeout(() => {
    const data = Buffer.alloc(mib * MiB, id + 1);
    let sum = 0;
    const timer = setInterval(() => { for (let i = 0; i < data.length; i += 4096) sum += data[i]; }, 50);
    setTimeout(() => { clearInterval(timer); process.exit(sum > 0 ? 0 : 1); }, ms);
  }, id * 150);
}

function runPool(workers, mib, ms) {
  const cache = Buffer.alloc(32 * MiB, 7); // the parent's own working set
  let done = 0;
  for (let id = 0; id < workers; id++) {
    fork(fileURLToPath(import.meta.url), ['worker', String(id), String(mib), String(ms)]).on('exit', () => {
      if (++done === workers) console.log(`pool: ${workers} workers of ${mib} MiB done (parent cache ${cache.length / MiB} MiB)`);
    });
  }
}

const [role, ...rest] = process.argv.slice(2);
if (role === 'worker') {
  const [id, mib, ms] = rest.map(Number);
  runWorker(id, mib, ms);
} else {
  const [workers = 4, mib = 64, ms = 1500] = process.argv.slice(2).map(Number);
  runPool(workers, mib, ms);
}
