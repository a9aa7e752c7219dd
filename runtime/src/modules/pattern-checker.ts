/**
 * The runtime's ReDoS check: recheck (automaton + fuzzing analysis) decides whether a pattern
 * can backtrack catastrophically. Anything it cannot prove safe is refused.
 *
 * A verdict depends on the pattern alone, so proven ones (safe or vulnerable) are kept for the
 * life of the process: every instance and every publish of the same definitions asks once. Only
 * "ran out of time" depends on how busy the machine is; such a check is tried again with more
 * time before the pattern is refused.
 */
import { checkSync } from 'recheck';
import type { PatternChecker, PatternVerdict } from '../../../engine/src/index.js';

/** Time for a first analysis, and for the second try after a time-out. */
const TIMEOUTS_MS = [2_000, 10_000];
/** Verdicts kept at most (patterns of definitions: a few hundred in practice). */
const MAX_KEPT = 5_000;

type Check = typeof checkSync;

/** A pattern checker over recheck's `checkSync` (replaceable in tests). */
export function createRecheckChecker(check: Check = checkSync): PatternChecker {
  const kept = new Map<string, PatternVerdict>();
  return {
    check(source, flags) {
      const id = `${flags}/${source}`;
      const known = kept.get(id);
      if (known) return known;
      const verdict = analyse(check, source, flags);
      if (verdict.proven) {
        if (kept.size >= MAX_KEPT) kept.delete(kept.keys().next().value!);
        kept.set(id, verdict.verdict);
      }
      return verdict.verdict;
    },
  };
}

function analyse(check: Check, source: string, flags: string): { verdict: PatternVerdict; proven: boolean } {
  for (const timeout of TIMEOUTS_MS) {
    let diagnostics;
    try {
      diagnostics = check(source, flags, { timeout });
    } catch (error) {
      return { verdict: { safe: false, reason: `cannot be analysed (${(error as Error).message})` }, proven: false };
    }
    if (diagnostics.status === 'safe') return { verdict: { safe: true }, proven: true };
    if (diagnostics.status === 'vulnerable') {
      const attack = diagnostics.attack ? `; e.g. ${JSON.stringify(diagnostics.attack.pattern)}` : '';
      return { verdict: { safe: false, reason: `${diagnostics.complexity.type} backtracking${attack}` }, proven: true };
    }
    if (diagnostics.error.kind !== 'timeout') return { verdict: { safe: false, reason: `cannot be proven safe (${diagnostics.error.kind})` }, proven: false };
  }
  return { verdict: { safe: false, reason: 'cannot be proven safe (timeout)' }, proven: false };
}

/** The process-wide checker every instance shares. */
export const recheckPatternChecker: PatternChecker = createRecheckChecker();
