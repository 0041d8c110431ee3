import { accessSync, constants, existsSync, mkdirSync, readdirSync, rmdirSync, writeFile } from 'node:fs';
import { join } from 'node:path';
import { fsReason } from '../../errors.js';
import { MEMORY_FILES, parseProcs, readText } from './files.js';
import type { CgroupPlace } from './types.js';

// The leaf cgroup a run's command starts in: made only under the cgroup memprof runs in, named after the
// memprof that made it, and removed at the end (or by a later run, once its memprof is gone and it is empty).

const LEAF_NAME = /^memprof-(\d+)-[0-9a-f]+$/;

/** Why a leaf with the memory controller cannot be made under `own`; null when it can. */
export function leafUnavailable(own: CgroupPlace): string | null {
  if (own.version === 2) {
    const control = readText(join(own.dir, 'cgroup.subtree_control'));
    if (control === null) return `cannot read cgroup.subtree_control of memprof's cgroup ${own.path}`;
    if (!control.split(/\s+/).includes('memory')) {
      return (
        `memprof's cgroup ${own.path} does not pass the memory controller to cgroups below it ` +
        '(cgroup v2 allows that only in a cgroup without processes of its own)'
      );
    }
  }
  for (const path of [own.dir, ...(own.version === 2 ? [join(own.dir, 'cgroup.procs')] : [])]) {
    try {
      accessSync(path, constants.W_OK);
    } catch (error) {
      // A container's cgroupfs is often mounted read-only, even for root.
      const readOnly = (error as NodeJS.ErrnoException).code === 'EROFS';
      if (readOnly) return `the cgroup filesystem of ${own.path} is read-only`;
      return `memprof may not create cgroups in ${own.path} (run as root, or in a delegated cgroup)`;
    }
  }
  return null;
}

/** A name for a run's cgroup, a leaf's or systemd's scope's: the memprof that made it, and a random part. */
export function runCgroupName(pid: number): string {
  // Math.random, not node:crypto: the name needs no secrecy, and loading crypto costs a short run.
  const random = Math.floor(Math.random() * 2 ** 32)
    .toString(16)
    .padStart(8, '0');
  return `memprof-${pid}-${random}`;
}

/** Make a fresh leaf under `own`, named after this memprof; a sentence when it cannot be. */
export function createLeaf(own: CgroupPlace, pid = process.pid): { leaf: CgroupPlace } | { reason: string } {
  const name = runCgroupName(pid);
  const dir = join(own.dir, name);
  try {
    mkdirSync(dir);
  } catch (error) {
    return { reason: `cannot create a cgroup in ${own.path}: ${fsReason(error, true)}` };
  }
  const leaf = { version: own.version, dir, path: `${own.path.replace(/\/$/, '')}/${name}` };
  if (!existsSync(join(dir, MEMORY_FILES[own.version].usage))) {
    removeLeaf(leaf);
    return { reason: `a cgroup made in ${own.path} has no memory controller` };
  }
  return { leaf };
}

/**
 * Put a process memprof started into the leaf; a sentence when the kernel refuses. On the thread pool: the
 * kernel's move can wait long on its cgroup lock, and the run's FIFO is being made meanwhile.
 */
export async function joinLeaf(leaf: CgroupPlace, pid: number): Promise<string | null> {
  try {
    // node:fs's callback form: node:fs/promises is a module more to load on every run.
    await new Promise<void>((done, fail) =>
      writeFile(join(leaf.dir, 'cgroup.procs'), `${pid}\n`, (error) => (error ? fail(error) : done())),
    );
    return null;
  } catch (error) {
    return `cannot move the command into ${leaf.path}: ${fsReason(error, true)}`;
  }
}

/** The processes in a cgroup now (none when it cannot be read). */
export function cgroupMembers(place: CgroupPlace): number[] {
  return parseProcs(readText(join(place.dir, 'cgroup.procs')) ?? '');
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Remove a leaf. The kernel refuses while a process is in it; one that just exited may still be counted for
 * a moment, so an empty one is tried again for up to `waitMs`. Whether it is gone.
 */
export function removeLeaf(leaf: CgroupPlace, waitMs = 200): boolean {
  for (let waited = 0; ; waited += 10) {
    try {
      rmdirSync(leaf.dir);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return true;
      if (code !== 'EBUSY' || waited >= waitMs || cgroupMembers(leaf).length > 0) return false;
      Atomics.wait(pause, 0, 0, 10);
    }
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Remove the empty leaves under `own` that a memprof no longer running left (it was killed). Their names. */
export function removeStaleLeaves(own: CgroupPlace, alive: (pid: number) => boolean = pidAlive): string[] {
  let names: string[];
  try {
    names = readdirSync(own.dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const match = LEAF_NAME.exec(name);
    if (!match || alive(Number(match[1]))) continue;
    const leaf = { version: own.version, dir: join(own.dir, name), path: `${own.path}/${name}` };
    if (cgroupMembers(leaf).length === 0 && removeLeaf(leaf, 0)) removed.push(name);
  }
  return removed;
}
