/**
 * Timing helpers: warm up, then the median of several repetitions, measured side by side.
 *
 * Each run is timed twice: wall-clock (performance.now) and CPU time of this process (process.cpuUsage, user +
 * system, every thread: the main thread and V8's GC helpers). On a shared 2-core machine other processes stretch
 * the wall clock by whatever share of the cores they take; CPU time counts only the work this code does, so the
 * budgets are judged on CPU time and the wall-clock medians are reported next to them.
 */

export interface Timing {
  /** Median CPU time, ms. */
  cpu: number;
  /** Median wall-clock time, ms. */
  wall: number;
  /** CPU ms of every repetition, in run order. */
  cpuSamples: number[];
  /** Wall ms of every repetition, in run order. */
  wallSamples: number[];
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Runs `fn` once and returns its wall and CPU time in ms. */
export function timeOnce<T>(fn: () => T): { wall: number; cpu: number; value: T } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000, value };
}

/**
 * Times several functions in alternation (A B C, A B C, …) after `warmup` untimed rounds, so that drift in
 * the machine's speed affects each of them alike. A forced GC (when exposed) precedes each run so no run pays
 * for another's garbage. Returns the medians per name.
 */
export function compare<K extends string>(
  fns: Record<K, () => unknown>,
  { warmup = 2, reps = 5 }: { warmup?: number; reps?: number } = {},
): Record<K, Timing> {
  const names = Object.keys(fns) as K[];
  const cpu = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>;
  const wall = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>;
  for (let r = 0; r < warmup + reps; r++) {
    for (const n of names) {
      gc();
      const t = timeOnce(fns[n]);
      if (t.value === undefined) throw new Error(`bench function ${n} returned nothing`);
      if (r >= warmup) {
        cpu[n].push(t.cpu);
        wall[n].push(t.wall);
      }
    }
  }
  return Object.fromEntries(
    names.map((n) => [
      n,
      {
        cpu: round(median(cpu[n])),
        wall: round(median(wall[n])),
        cpuSamples: cpu[n].map((x) => round(x)),
        wallSamples: wall[n].map((x) => round(x)),
      },
    ]),
  ) as Record<K, Timing>;
}
