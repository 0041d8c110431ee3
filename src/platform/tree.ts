/** One row of a process table: enough to walk the tree. */
export interface ProcessRow {
  pid: number;
  ppid: number;
  /** Session id, when the source knows it (procfs). */
  sid?: number;
}

/**
 * The pids in a table that belong to the tree: every row whose parent chain reaches a tracked pid, plus
 * (when `sessionId` is given) rows in the target's session, which catches orphans re-parented to init.
 * Order-independent, so a child whose pid is lower than its parent's (pid wrap-around) is not missed.
 */
export function treeMembers(rows: ProcessRow[], tracked: ReadonlySet<number>, sessionId: number | null): number[] {
  const childrenOf = new Map<number, number[]>();
  const members = new Set<number>();
  const queue: number[] = [];
  for (const row of rows) {
    const siblings = childrenOf.get(row.ppid);
    if (siblings) siblings.push(row.pid);
    else childrenOf.set(row.ppid, [row.pid]);
    if (tracked.has(row.pid) || (sessionId !== null && row.sid === sessionId)) {
      members.add(row.pid);
      queue.push(row.pid);
    }
  }
  for (const pid of tracked) queue.push(pid);
  while (queue.length > 0) {
    for (const child of childrenOf.get(queue.pop()!) ?? []) {
      if (!members.has(child)) {
        members.add(child);
        queue.push(child);
      }
    }
  }
  return [...members].filter((pid) => !tracked.has(pid));
}
