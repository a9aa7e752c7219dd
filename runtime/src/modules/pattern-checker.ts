/**
 * The runtime's ReDoS check: recheck (automaton + fuzzing analysis) decides whether a pattern
 * can backtrack catastrophically. Anything it cannot prove safe is refused.
 */
import { checkSync } from 'recheck';
import type { PatternChecker } from '../../../engine/src/index.js';

export const recheckPatternChecker: PatternChecker = {
  check(source, flags) {
    let diagnostics;
    try {
      diagnostics = checkSync(source, flags, { timeout: 2_000 });
    } catch (error) {
      return { safe: false, reason: `cannot be analysed (${(error as Error).message})` };
    }
    if (diagnostics.status === 'safe') return { safe: true };
    if (diagnostics.status === 'vulnerable') {
      const attack = diagnostics.attack ? `; e.g. ${JSON.stringify(diagnostics.attack.pattern)}` : '';
      return { safe: false, reason: `${diagnostics.complexity.type} backtracking${attack}` };
    }
    return { safe: false, reason: `cannot be proven safe (${diagnostics.error.kind})` };
  },
};
