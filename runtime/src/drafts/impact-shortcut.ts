/**
 * Half the work of an impact: most rules are the same in a draft and the version it revises.
 * When the computed values cannot differ (the same `set` rules at the same priorities, the same
 * facts) and every rule only the published version has runs after them, one run of the draft's
 * rules plus the published-only ones (renamed) gives both evaluations exactly: the draft's are its
 * own events; the published version's are the shared rules' events and the published-only ones'.
 */
import { RuleSet, canonicalJson, priorityOf, type CompiledModule, type FiredEvent, type Rule, type RuleRun } from '../../../engine/src/index.js';

/** The prefix that keeps the published-only rules apart in the combined run. */
const PUBLISHED = '\u0000published:';

export interface Shortcut {
  /** The draft's rules and the published-only ones, run together. */
  combined: RuleSet;
  /** The names of the rules both versions hold unchanged. */
  shared: ReadonlySet<string>;
}

/** The shortcut from a draft to a published version, or undefined when only two full runs are exact. */
export function shortcutFor(published: CompiledModule, draft: CompiledModule): Shortcut | undefined {
  const mine = published.definition.rules ?? [];
  const theirs = draft.definition.rules ?? [];
  if (canonicalJson(published.definition.facts ?? {}) !== canonicalJson(draft.definition.facts ?? {})) return undefined;
  const text = (rule: Rule) => canonicalJson({ ...rule, priority: priorityOf(rule) });
  const sets = (rules: readonly Rule[]) => rules.filter((r) => r.event.type === 'set').map(text).join('\n');
  if (sets(mine) !== sets(theirs)) return undefined;
  const inDraft = new Set(theirs.map(text));
  const rest = mine.filter((r) => !inDraft.has(text(r)));
  // A rule running before (or beside) the computed values would see the data without them.
  const firstSet = Math.min(...mine.filter((r) => r.event.type === 'set').map(priorityOf));
  if (rest.some((r) => priorityOf(r) >= firstSet)) return undefined;
  const renamed = rest.map((r) => ({ ...r, name: `${PUBLISHED}${r.name}`, priority: priorityOf(r) }));
  return {
    combined: new RuleSet([...theirs, ...renamed], draft.definition.facts ?? {}),
    shared: new Set(mine.filter((r) => inDraft.has(text(r))).map((r) => r.name)),
  };
}

/** The combined run split into the draft's run and the published version's. */
export function splitRun(shortcut: Shortcut, run: RuleRun): { draft: RuleRun; published: RuleRun } {
  const draftEvents: FiredEvent[] = [];
  const publishedEvents: FiredEvent[] = [];
  for (const event of run.events) {
    if (event.rule.startsWith(PUBLISHED)) publishedEvents.push({ ...event, rule: event.rule.slice(PUBLISHED.length) });
    else {
      draftEvents.push(event);
      if (shortcut.shared.has(event.rule)) publishedEvents.push(event);
    }
  }
  return { draft: { ...run, events: draftEvents }, published: { ...run, events: publishedEvents } };
}
