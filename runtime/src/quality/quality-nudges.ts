/**
 * The weekly nudge: from Monday 08:00 China time, each unit with nudges on, an active leader
 * and something to say (its own overdue records, its own stale drafts) gets one notification for
 * its leaders. One statement claims the unit and week and writes the notification, so two
 * instances sweeping at once send it once.
 */
import type { Sequelize } from 'sequelize';
import { execute, selectRows } from '../platform/db/sql.js';
import type { QualityModuleSpec } from './quality-store.js';

const SEND_NUDGES = `
  WITH m AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS m(key text, stale int, drafts text[])
  ), counts AS (
    SELECT r.unit_code,
           count(*) FILTER (WHERE r.overdue_at IS NOT NULL)::int AS overdue,
           count(*) FILTER (WHERE r.period IS NULL AND r.state = ANY (m.drafts) AND r.updated_at < $3::timestamptz - m.stale * interval '1 day')::int AS stale
      FROM records r JOIN m ON m.key = r.module_key
     WHERE NOT r.final AND r.withdrawn_at IS NULL
     GROUP BY r.unit_code
  ), targets AS (
    SELECT c.* FROM counts c JOIN units u ON u.code = c.unit_code
     WHERE u.quality_nudges AND (c.overdue > 0 OR c.stale > 0)
       AND EXISTS (SELECT 1 FROM users x WHERE x.unit_code = u.code AND x.status = 'active' AND 'leader' = ANY (x.roles))
  ), claimed AS (
    INSERT INTO quality_nudges (unit_code, week, sent_at)
    SELECT unit_code, $2, $3 FROM targets
    ON CONFLICT DO NOTHING
    RETURNING unit_code
  )
  INSERT INTO notifications (unit_code, roles, record_id, kind, message, created_at)
  SELECT t.unit_code, '{leader}', NULL, 'quality',
         jsonb_build_object(
           'zh-CN', format('本周数据质量提醒：本单位有 %s 件记录已逾期未办结，%s 件草稿超过期限未更新', t.overdue, t.stale),
           'en', format('This week''s data quality: %s overdue records and %s stale drafts at your unit', t.overdue, t.stale)),
         $3
    FROM targets t JOIN claimed c ON c.unit_code = t.unit_code
  RETURNING unit_code`;

/** Sends the nudges of a week not sent yet; answers the units told now. */
export async function sendNudges(sequelize: Sequelize, modules: readonly QualityModuleSpec[], week: string, now: Date): Promise<string[]> {
  const spec = modules.map((m) => ({ key: m.key, stale: m.staleDraftDays, drafts: m.draftStates }));
  const rows = await selectRows<{ unit_code: string }>(sequelize, SEND_NUDGES, [JSON.stringify(spec), week, now]);
  return rows.map((r) => r.unit_code).sort();
}

/** Turns a unit's weekly nudge on or off. */
export async function setNudges(sequelize: Sequelize, unitCode: string, enabled: boolean): Promise<void> {
  await execute(sequelize, 'UPDATE units SET quality_nudges = $2 WHERE code = $1', [unitCode, enabled]);
}

/** Whether a unit's weekly nudge is on. */
export async function nudgesOn(sequelize: Sequelize, unitCode: string): Promise<boolean> {
  const rows = await selectRows<{ on: boolean }>(sequelize, 'SELECT quality_nudges AS on FROM units WHERE code = $1', [unitCode]);
  return rows[0]?.on ?? false;
}

/**
 * The nudge week of an instant: weeks begin on Monday 08:00 China time, which is Monday 00:00
 * UTC, so it is the ISO week ("2026-W26") of the instant's UTC day.
 */
export function nudgeWeek(now: Date): string {
  return isoWeek(now);
}

function isoWeek(local: Date): string {
  const day = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = new Date(Date.UTC(day.getUTCFullYear(), 0, 1));
  const week = Math.ceil(((day.getTime() - yearStart.getTime()) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}
