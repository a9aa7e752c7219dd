/**
 * A long run streamed as NDJSON: one `{type:"progress",…}` line per step the run reports, then
 * `{type:"result",result}` — or `{type:"error",code,message}` when it fails after the answer
 * began (a 200 cannot turn into a 4xx then). Used by the impact analysis and the records migration.
 */
import type { Locale } from '../../../../engine/src/index.js';

/** A line of a streamed answer: the run's own progress shape, its result, or an error. */
export type ProgressLine<P extends object, R> = ({ type: 'progress' } & P) | { type: 'result'; result: R } | { type: 'error'; code: string; message: string };

/**
 * Runs `run`, yielding a line per progress report as it comes and the result (or the error,
 * with its message in `locale`, else `failed`) last. `run` may ask `abandoned()` between steps:
 * true once the reader has gone (the response stream closed), so it can stop.
 */
export async function* progressLines<P extends object, R>(
  run: (onProgress: (progress: P) => void, abandoned: () => boolean) => Promise<R>,
  locale: Locale,
  failed: { 'zh-CN': string; en: string },
): AsyncGenerator<string> {
  const queue: ProgressLine<P, R>[] = [];
  let wake: (() => void) | undefined;
  let done = false;
  let gone = false;
  const push = (line: ProgressLine<P, R>) => {
    queue.push(line);
    wake?.();
  };
  run(
    (progress) => push({ type: 'progress', ...progress }),
    () => gone,
  )
    .then(
      (result) => push({ type: 'result', result }),
      (error: unknown) => {
        const e = error as { code?: string; messages?: Record<string, string> };
        push({ type: 'error', code: e.code ?? 'FW_INTERNAL', message: e.messages?.[locale] ?? failed[locale] });
      },
    )
    .finally(() => {
      done = true;
      wake?.();
    });
  try {
    for (;;) {
      while (queue.length > 0) yield `${JSON.stringify(queue.shift())}\n`;
      if (done) return;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  } finally {
    // The response stream was closed (the client went away) or read to its end.
    gone = true;
  }
}
