import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CHANNEL_VARIABLE, PERIOD_VARIABLE } from './wire.js';

/**
 * The probe's file: beside the bundled CLI (dist/bundle/node-probe.cjs, built by scripts/bundle.mjs), or
 * found from tsc's dist/src/probe when the modules run unbundled (the tests); null when it is not built.
 */
export function probeFile(): string | null {
  for (const relative of ['./node-probe.cjs', '../../bundle/node-probe.cjs']) {
    const path = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(path)) return path;
  }
  return null;
}

/** A value as one NODE_OPTIONS word: Node splits the variable at spaces, and reads "..." with \ escapes. */
export function nodeOptionWord(value: string): string {
  return /[\s"\\]/.test(value) ? `"${value.replace(/["\\]/g, '\\$&')}"` : value;
}

export interface ProbeRequest {
  /** The FIFO marks (and the probes' heaps) are written into; null: none, so no probe either. */
  channel: string | null;
  /** When not null, every Node process loads this probe and samples at `periodMs`. */
  probe: string | null;
  periodMs: number;
}

/** The command's environment: the channel for `memprof mark`, and with a probe, NODE_OPTIONS to load it. */
export function probeEnvironment(env: NodeJS.ProcessEnv, request: ProbeRequest): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env };
  // A run inside another memprof's run speaks to its own memprof only.
  delete out[CHANNEL_VARIABLE];
  delete out[PERIOD_VARIABLE];
  if (request.channel === null) return out;
  out[CHANNEL_VARIABLE] = request.channel;
  if (request.probe === null) return out;
  const require = `--require ${nodeOptionWord(request.probe)}`;
  const given = env.NODE_OPTIONS?.trim();
  out.NODE_OPTIONS = given ? `${given} ${require}` : require;
  out[PERIOD_VARIABLE] = String(request.periodMs);
  return out;
}
