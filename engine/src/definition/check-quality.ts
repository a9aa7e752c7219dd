/** Checks a module's data-quality block: the matter's date names a date field of the record schema. */
import type { ModuleDefinition } from './generated/module-definition.js';
import { problem, type Problem } from '../errors/problem.js';

/** The quality settings of a module with every default applied (README, "Data quality"). */
export interface QualitySettings {
  /** The matter's own date (a data pointer), or null: the entry lag is not computed. */
  matterDate: string | null;
  entryLimitDays: number;
  staleDraftDays: number;
}

/** Defaults when a module declares no quality block (or leaves a setting out). */
export const QUALITY_DEFAULTS: QualitySettings = { matterDate: null, entryLimitDays: 7, staleDraftDays: 14 };

/** The quality settings of a definition, defaults filled in. */
export function qualitySettings(definition: Pick<ModuleDefinition, 'quality'>): QualitySettings {
  const q = definition.quality ?? {};
  return {
    matterDate: q.matterDate ?? QUALITY_DEFAULTS.matterDate,
    entryLimitDays: q.entryLimitDays ?? QUALITY_DEFAULTS.entryLimitDays,
    staleDraftDays: q.staleDraftDays ?? QUALITY_DEFAULTS.staleDraftDays,
  };
}

/** `/quality/matterDate` exists in the record schema and is a date. */
export function checkQuality(definition: Pick<ModuleDefinition, 'quality'>, fieldExists: (pointer: string) => boolean, isDate: (pointer: string) => boolean): Problem[] {
  const pointer = definition.quality?.matterDate;
  if (pointer === undefined) return [];
  if (!fieldExists(pointer)) return [problem('/quality/matterDate', 'FW_DEF_UNKNOWN_FIELD', { pointer })];
  if (!isDate(pointer)) return [problem('/quality/matterDate', 'FW_DEF_NOT_A_DATE', { pointer })];
  return [];
}
