import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MPROF_FIXTURES } from './memprof.js';
import { fakeDat, poolRun } from './recordings.js';

// Random and mutated .dat texts, seeded so that a failure replays: the fuzz tests' input, and the
// property tests' (the streamed summary against the decoded one).

export function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES = ['CMDLINE', 'MEM', 'CHLD', 'FUNC', 'MEMPROF', 'PROC', 'CMD', 'EXIT', 'HWM', 'DONE', 'NEWTYPE', 'mem', ''];
const TOKENS = [
  '1',
  '0',
  '-1',
  '1.5',
  '1e309',
  'NaN',
  'Infinity',
  'abc',
  '',
  '"x"',
  '"',
  '"\\u0000"',
  'metric=pss',
  'metric=bogus',
  'mem=tree',
  '9',
  '1795317756.2206',
  '0x10',
  '  ',
  '\r',
  '\t',
  'é',
  '\uFFFD',
  '99999999999999999999',
  '.5',
  '1.',
  '#2',
];

export function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)]!;
}

export function randomLines(rand: () => number): string {
  const lines: string[] = [];
  for (let n = Math.floor(rand() * 12); n > 0; n--) {
    const fields = Array.from({ length: Math.floor(rand() * 7) }, () => pick(rand, TOKENS));
    lines.push([pick(rand, TYPES), ...fields].join(' '));
  }
  return lines.join('\n') + (rand() < 0.8 ? '\n' : '');
}

export function randomBytes(rand: () => number): string {
  const bytes = Buffer.from(Array.from({ length: Math.floor(rand() * 200) }, () => Math.floor(rand() * 256)));
  return bytes.toString(rand() < 0.5 ? 'utf8' : 'latin1');
}

export function mutate(rand: () => number, text: string): string {
  let out = text;
  for (let n = 1 + Math.floor(rand() * 4); n > 0; n--) {
    const at = Math.floor(rand() * (out.length + 1));
    const lines = out.split('\n');
    const i = Math.floor(rand() * lines.length);
    switch (Math.floor(rand() * 7)) {
      case 0:
        out = out.slice(0, at);
        break; // truncated: killed mid-write
      case 1:
        out = out.slice(0, at) + out.slice(at + 1 + Math.floor(rand() * 20));
        break;
      case 2:
        out = out.slice(0, at) + pick(rand, TOKENS) + out.slice(at);
        break;
      case 3:
        lines.splice(i, 0, lines[Math.floor(rand() * lines.length)]!);
        out = lines.join('\n');
        break;
      case 4:
        lines.splice(i, 1);
        out = lines.join('\n');
        break;
      case 5: {
        const fields = lines[i]!.split(' ');
        fields[Math.floor(rand() * fields.length)] = pick(rand, TOKENS);
        lines[i] = fields.join(' ');
        out = lines.join('\n');
        break;
      }
      default:
        out = out.slice(0, at) + String.fromCharCode(Math.floor(rand() * 128)) + out.slice(at + 1);
    }
  }
  return out;
}

export function seeds(): string[] {
  const files = readdirSync(MPROF_FIXTURES).filter((f) => f.endsWith('.dat'));
  return [
    ...files.map((f) => readFileSync(join(MPROF_FIXTURES, f), 'utf8')),
    fakeDat(poolRun()),
    fakeDat(poolRun({ memScope: 'tree', metric: 'pss' })),
    fakeDat({ command: 'x', rootMib: [1, 2, 3] }),
  ];
}
