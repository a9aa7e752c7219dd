/**
 * A small benchmark harness: each measurement runs for a fixed time after a warm-up, in this
 * process, next to its baseline, so figures are ratios that hold across machines.
 */
export interface Measurement {
  name: string;
  opsPerSecond: number;
}

/** Runs `fn` (possibly async) repeatedly for `ms` after `warmupMs`; returns operations per second. */
export async function measure(name: string, fn: () => unknown, ms = 2_000, warmupMs = 500): Promise<Measurement> {
  const until = (deadline: number) => async () => {
    let n = 0;
    while (performance.now() < deadline) {
      // Batches of 50 keep the clock out of the loop's cost.
      for (let i = 0; i < 50; i++) await fn();
      n += 50;
    }
    return n;
  };
  await until(performance.now() + warmupMs)();
  const start = performance.now();
  const n = await until(start + ms)();
  return { name, opsPerSecond: n / ((performance.now() - start) / 1000) };
}

/** Runs `fn` with `concurrency` callers in flight for `ms`; returns completed operations per second. */
export async function measureConcurrent(name: string, fn: () => Promise<unknown>, concurrency: number, ms = 3_000, warmupMs = 500): Promise<Measurement> {
  const run = async (duration: number) => {
    const deadline = performance.now() + duration;
    let n = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < deadline) {
          await fn();
          n += 1;
        }
      }),
    );
    return n;
  };
  await run(warmupMs);
  const start = performance.now();
  const n = await run(ms);
  return { name, opsPerSecond: n / ((performance.now() - start) / 1000) };
}

export const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2));

export interface BenchResult {
  title: string;
  rows: { name: string; value: string; note?: string }[];
}
