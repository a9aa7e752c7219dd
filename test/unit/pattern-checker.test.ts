/** The runtime's ReDoS check: real verdicts, kept once proven, a time-out tried again with more time. */
import { describe, expect, it } from 'vitest';
import type { checkSync } from 'recheck';
import { createRecheckChecker, recheckPatternChecker } from '../../runtime/src/modules/pattern-checker.js';

type Diagnostics = ReturnType<typeof checkSync>;
const timedOut = { status: 'unknown', error: { kind: 'timeout' } } as unknown as Diagnostics;
const safe = { status: 'safe' } as unknown as Diagnostics;

describe('recheck pattern checker', () => {
  it('proves a plain pattern safe and finds catastrophic backtracking', () => {
    expect(recheckPatternChecker.check('^[0-9]{6}$', '')).toEqual({ safe: true });
    const verdict = recheckPatternChecker.check('^(a+)+$', '');
    expect(verdict.safe).toBe(false);
    expect(!verdict.safe && verdict.reason).toMatch(/exponential/);
  });

  it('tries a timed-out analysis again with more time, then keeps the verdict', () => {
    const timeouts: number[] = [];
    const checker = createRecheckChecker(((_source: string, _flags: string, params?: { timeout?: number | null }) => {
      timeouts.push(params?.timeout ?? 0);
      return timeouts.length === 1 ? timedOut : safe;
    }) as typeof checkSync);
    expect(checker.check('^x$', '')).toEqual({ safe: true });
    expect(timeouts).toEqual([2_000, 10_000]);
    expect(checker.check('^x$', '')).toEqual({ safe: true });
    expect(timeouts).toHaveLength(2);
  });

  it('does not keep a refusal that came from running out of time', () => {
    let calls = 0;
    const checker = createRecheckChecker((() => {
      calls += 1;
      return timedOut;
    }) as unknown as typeof checkSync);
    expect(checker.check('^y$', '')).toEqual({ safe: false, reason: 'cannot be proven safe (timeout)' });
    expect(checker.check('^y$', '').safe).toBe(false);
    expect(calls).toBe(4);
  });
});
