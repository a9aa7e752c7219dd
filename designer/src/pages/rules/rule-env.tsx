/**
 * What the rule builder's pickers offer for a draft: the subjects of conditions, the fields an
 * event or a formula can name (table columns included), the other modules by their titles, and
 * the sentence environment — shared by the list, the rule drawer and the tests tab.
 */
import { createContext, useContext, useEffect, useMemo, useState } from 'react';
import { listModules, type ModuleSummary } from '../../../../runtime/web/kit/definitions';
import type { Locale } from '../../../../runtime/web/kit/i18n';
import { useCodelistSchemas } from '../../codelists';
import { allFields } from '../../model/fields';
import type { Draft } from '../../model/paths';
import { sentenceEnv, type SentenceEnv } from '../../model/rule-sentence';
import { allSubjects, fieldTitleIn, type Subject } from '../../model/rule-subjects';

/** A field an event or formula can name. */
export interface FieldChoice {
  /** Its data pointer (`/rows/-/amount` for a table's column). */
  data: string;
  label: string;
  kind: string;
  /** Inside a repeating table or group. */
  inRows: boolean;
}

/** Everything the rule pickers need. */
export interface RuleEnv {
  draft: Draft;
  locale: Locale;
  subjects: Subject[];
  subjectMap: ReadonlyMap<string, Subject>;
  fields: FieldChoice[];
  modules: ModuleSummary[];
  sentence: SentenceEnv;
}

/** The rule environment of a draft. */
export function useRuleEnvOf(draft: Draft, locale: Locale): RuleEnv {
  const codelists = useCodelistSchemas(draft);
  const [modules, setModules] = useState<ModuleSummary[]>([]);
  useEffect(() => {
    void listModules().then(setModules).catch(() => undefined);
  }, []);
  return useMemo(() => {
    const lists = codelists ?? {};
    const subjects = allSubjects(draft, locale, lists);
    const moduleTitle = (key: string) => {
      const found = modules.find((m) => m.key === key);
      return found ? (locale === 'en' ? (found.title.en ?? found.title['zh-CN']) : found.title['zh-CN']) : undefined;
    };
    const fields = allFields(draft).map((f) => ({ data: f.data, label: fieldTitleIn(draft, f.pointer, locale), kind: f.kind, inRows: f.data.includes('/-/') }));
    return { draft, locale, subjects, subjectMap: new Map(subjects.map((s) => [s.id, s])), fields, modules, sentence: sentenceEnv(draft, locale, lists, moduleTitle) };
  }, [draft, locale, codelists, modules]);
}

const RuleEnvContext = createContext<RuleEnv | null>(null);

/** Provides the rule environment to the pickers below. */
export const RuleEnvProvider = RuleEnvContext.Provider;

/** The rule environment (inside a RuleEnvProvider). */
export function useRuleEnv(): RuleEnv {
  const env = useContext(RuleEnvContext);
  if (!env) throw new Error('rule pickers used outside the RuleEnvProvider');
  return env;
}
