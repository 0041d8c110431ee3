import type { ExitWatch } from './platform.js';

const POLL_MS = 100;

/** Poll `alive` every 100 ms until it says no; `release` runs once watching ends either way. */
export function pollUntilGone(alive: () => boolean | Promise<boolean>, release: () => void = () => {}): ExitWatch {
  let timer: NodeJS.Timeout | undefined;
  let cancelled = false;
  const gone = new Promise<void>((resolve) => {
    const check = async (): Promise<void> => {
      const live = await alive();
      if (cancelled) return;
      if (live) timer = setTimeout(() => void check(), POLL_MS);
      else resolve();
    };
    void check();
  });
  return {
    gone,
    cancel: () => {
      cancelled = true;
      clearTimeout(timer);
      release();
    },
  };
}
