import pidusage from 'pidusage';
import pidtree from 'pidtree';
import { psColumn } from './columns.js';
import { tickResult } from '../tick-result.js';
import { treeMembers } from '../tree.js';
import type { ProcessIdentity, ProcessSource, SourceOptions, TickResult } from '../types.js';

/** How long a child still showing its parent's command line is re-read for. */
const PRE_EXEC_MS = 1000;

/**
 * The portable source: pidtree's full `ps -A -o ppid,pid` table walked by `treeMembers` (ps-tree's own walk
 * misses a child whose pid is lower than its parent's), pidusage for RSS, and `ps -o args=` for command
 * lines of new processes. Each tick spawns `ps`, too slow for a 10 ms pace; RSS only.
 */
export class PsSource implements ProcessSource {
  readonly name = 'ps';
  /** `args`: the command line as ps shows it; re-read until `recheckUntil` (epoch ms) while it is the parent's. */
  private readonly tracked = new Map<number, { ppid: number; args: string | null; recheckUntil: number }>();
  private rootSeen = false;

  constructor(private readonly options: SourceOptions) {}

  async tick(): Promise<TickResult> {
    const result = tickResult();
    const fresh = this.rootSeen ? [] : [{ pid: this.options.rootPid, ppid: process.pid }];
    this.rootSeen = true;
    if (this.options.followTree) fresh.push(...(await this.discover()));
    const pids = [...this.tracked.keys(), ...fresh.map((p) => p.pid)];
    const stats = await readUsage(pids);
    await this.recheckCommands(result);
    const commands = await psColumn(
      'args=',
      fresh.map((p) => p.pid),
    );
    for (const { pid, ppid } of fresh) {
      const stat = stats.get(pid);
      if (!stat) continue; // gone before it could be read: never reported
      const args = commands.get(pid) ?? null;
      // Still its parent's command line: caught between fork and exec, so read it again until it changes.
      const forked = args !== null && args === this.tracked.get(ppid)?.args;
      this.tracked.set(pid, { ppid, args, recheckUntil: forked ? Date.now() + PRE_EXEC_MS : 0 });
      const command = pid === this.options.rootPid ? this.options.rootCommand : (args ?? `[pid ${pid}]`);
      const identity: ProcessIdentity = { pid, ppid, startTime: (stat.timestamp - stat.elapsed) / 1000, command };
      result.appeared.push(identity);
    }
    for (const pid of this.tracked.keys()) {
      const stat = stats.get(pid);
      if (stat && stat.memory > 0) result.readings.push({ pid, bytes: stat.memory });
      else if (!stat) this.vanish(pid, result);
    }
    return result;
  }

  private async recheckCommands(result: TickResult): Promise<void> {
    const now = Date.now();
    const due = [...this.tracked].filter(([, t]) => t.recheckUntil > now).map(([pid]) => pid);
    if (due.length === 0) return;
    const commands = await psColumn('args=', due);
    for (const pid of due) {
      const t = this.tracked.get(pid)!;
      const args = commands.get(pid);
      if (args === undefined || args === t.args) continue;
      t.args = args;
      t.recheckUntil = 0;
      result.renamed.push({ pid, command: args });
    }
  }

  /** Every ps tick lists the whole machine already. */
  sweepNext(): void {}

  async survivors(): Promise<number[]> {
    const pids = [...this.tracked.keys()].filter((pid) => pid !== this.options.rootPid);
    const stats = await readUsage(pids);
    return pids.filter((pid) => stats.has(pid));
  }

  close(): void {
    pidusage.clear();
  }

  private async discover(): Promise<Array<{ pid: number; ppid: number }>> {
    const rows = await pidtree(-1, { advanced: true });
    const tracked = new Set([...this.tracked.keys(), this.options.rootPid]);
    const members = new Set(treeMembers(rows, tracked, null));
    // not memprof, when it attached to an ancestor
    return rows.filter((r) => members.has(r.pid) && r.pid !== process.pid);
  }

  private vanish(pid: number, result: TickResult): void {
    this.tracked.delete(pid);
    result.vanished.push(pid);
    pidusage.clear(); // pidusage keeps per-pid state that would make a reused pid read as gone
  }
}

/** pidusage for many pids; a pid that could not be read is simply absent. */
async function readUsage(pids: number[]): Promise<Map<number, pidusage.Status>> {
  const out = new Map<number, pidusage.Status>();
  await Promise.all(
    pids.map(async (pid) => {
      try {
        out.set(pid, await pidusage(pid));
      } catch {
        /* vanished or not permitted: no reading */
      }
    }),
  );
  return out;
}
