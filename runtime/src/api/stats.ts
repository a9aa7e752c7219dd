/** Counts of a module's records for overviews, each group ready to drill into. */
import { Type, type Static } from 'typebox';
import { UnitCodeSchema } from './common.js';

/** `GET /api/modules/:key/stats` grouping and filters. */
export const StatsQuerySchema = Type.Object(
  {
    by: Type.String({ minLength: 1, maxLength: 200, description: 'state | unit | /pointer | month:/pointer' }),
    unit: Type.Optional(UnitCodeSchema),
    state: Type.Optional(Type.String({ maxLength: 64 })),
    filter: Type.Optional(Type.String({ maxLength: 2000, description: 'JSON object matched against data' })),
    from: Type.Optional(Type.String({ format: 'date', pattern: '^[1-9][0-9]{3}-', description: "Period picker: records whose matter's date (the module's quality.matterDate, else the China-time day it was entered) is on or after this day" })),
    to: Type.Optional(Type.String({ format: 'date', pattern: '^[1-9][0-9]{3}-', description: 'Period picker: … on or before this day' })),
  },
  { additionalProperties: false },
);
export type StatsQuery = Static<typeof StatsQuerySchema>;

/** One group: the value grouped on (a state, a code, a month YYYY-MM, a unit code; null when empty). */
export const StatsGroupSchema = Type.Object({ key: Type.Union([Type.String(), Type.Null()]), label: Type.String(), count: Type.Integer() });
export type StatsGroup = Static<typeof StatsGroupSchema>;

/** `GET /api/modules/:key/stats`: the groups of a module's records in a subtree. */
export const StatsResultSchema = Type.Object({
  key: Type.String(),
  by: Type.String(),
  unit: Type.Object({ code: Type.String(), name: Type.String() }),
  total: Type.Integer(),
  groups: Type.Array(StatsGroupSchema),
});
export type StatsResult = Static<typeof StatsResultSchema>;
