import { spawn, type ChildProcess } from 'node:child_process';
import { atRealtimePriority } from './memprof.js';

/** A time the witness was due to wake and could not: from `fromMs` to `toMs`, epoch ms. */
export interface Stall {
  fromMs: number;
  toMs: number;
}

// Sleeps 2 ms at a time and says when a wake-up came more than 3 ms late (epoch ms it was due, and woke).
const WITNESS = `
const flag = new Int32Array(new SharedArrayBuffer(4));
process.stdout.write('ready\\n');
for (;;) {
  const due = performance.now() + 2;
  Atomics.wait(flag, 0, 0, 2);
  const late = performance.now() - due;
  if (late > 3) process.stdout.write(\`\${Date.now() - late} \${Date.now()}\\n\`);
}`;

/**
 * A witness of the machine's own stalls, for a test of how promptly memprof ticks: a process at memprof's
 * real-time priority that does nothing but sleep 2 ms at a time. When it wakes late too, the machine did
 * not run it (a virtual CPU the host held back, a long stretch of interrupts under heavy I/O), and schedstat
 * counts that as no thread's wait; a gap in memprof's ticks that the witness did not share is memprof's own.
 */
export class StallWitness {
  private readonly stalls: Stall[] = [];

  private constructor(private readonly child: ChildProcess) {
    let text = '';
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      text += chunk;
      const lines = text.split('\n');
      text = lines.pop()!;
      for (const line of lines) {
        const [fromMs, toMs] = line.split(' ').map(Number);
        if (Number.isFinite(fromMs) && Number.isFinite(toMs)) this.stalls.push({ fromMs: fromMs!, toMs: toMs! });
      }
    });
  }

  /** Started and sleeping, so that it watches from the moment this resolves. */
  static async start(): Promise<StallWitness> {
    const argv = atRealtimePriority([process.execPath, '-e', WITNESS]);
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.stdout!.once('data', () => resolve());
    });
    return new StallWitness(child);
  }

  /** Stop watching; the stalls it saw. */
  async stop(): Promise<Stall[]> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGKILL');
    await exited;
    return this.stalls;
  }
}

/** How long, in ms, the witness was stalled between `fromMs` and `toMs` (epoch ms). */
export function stalledWithin(stalls: Stall[], fromMs: number, toMs: number): number {
  let total = 0;
  for (const stall of stalls) total += Math.max(0, Math.min(toMs, stall.toMs) - Math.max(fromMs, stall.fromMs));
  return total;
}
