import safeRegex from 'safe-regex2';

/** The verdict on one regular expression. */
export type PatternVerdict = { safe: true } | { safe: false; reason: string };

/**
 * Port: decides whether a regular expression from a definition is safe to run on user input.
 * The engine ships a conservative pure default; the runtime plugs in a stronger checker.
 */
export interface PatternChecker {
  check(source: string, flags: string): PatternVerdict;
}

/**
 * The default checker: refuses nested quantifiers (star height > 1, e.g. `^(a+)+$`) and
 * oversized repetition, the shapes behind most catastrophic backtracking. Pure, runs anywhere.
 */
export const starHeightPatternChecker: PatternChecker = {
  check(source, flags) {
    let re: RegExp;
    try {
      re = new RegExp(source, flags);
    } catch (error) {
      return { safe: false, reason: (error as Error).message };
    }
    return safeRegex(re, { limit: 25 })
      ? { safe: true }
      : { safe: false, reason: 'nested quantifiers (star height > 1)' };
  },
};

/** Combines checkers: a pattern is safe only when every checker says so. */
export function allPatternCheckers(...checkers: PatternChecker[]): PatternChecker {
  return {
    check(source, flags) {
      for (const checker of checkers) {
        const verdict = checker.check(source, flags);
        if (!verdict.safe) return verdict;
      }
      return { safe: true };
    },
  };
}
