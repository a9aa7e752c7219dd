/** The demo's quarterly reports: last quarter filled, submitted, mostly approved; this one just assigned. */
import { findRecord } from '../../records/record-store.js';
import { chinaMidnight, FormworkError, periodContaining, previousPeriod } from '../../../../engine/src/index.js';
import { DAY, type DemoReplay } from './demo-replay.js';

const KEY = 'enforcement-quarterly';

/** Assigns last quarter's report to every province, city and county, works through it, and assigns this quarter's. */
export async function seedReports(demo: DemoReplay): Promise<void> {
  const { ctx, rnd } = demo;
  const last = previousPeriod(periodContaining('quarter', new Date(demo.realNow)));
  const current = periodContaining('quarter', new Date(demo.realNow));
  const due = chinaMidnight(last.end).getTime() + 15 * DAY;
  const hq = demo.person('HQ', 'officer');
  demo.at(chinaMidnight(last.end).getTime() + DAY);
  const assigned: { id: string; unitCode: string }[] = [];
  for (const level of [2, 3, 4]) assigned.push(...(await ctx.reports.assign(hq, KEY, last.key, { level }, 'demo-seed')).body.records);
  demo.records += assigned.length;
  for (const [i, report] of assigned.entries()) {
    // Two units never start, one keeps a draft, two hand in late; the rest on time.
    if (i % 10 === 3 || i % 10 === 7) continue;
    demo.at(chinaMidnight(last.end).getTime() + rnd.int(2, 12) * DAY);
    await fillIn(demo, report);
    if (i % 10 === 5) continue;
    if (i % 10 === 9) demo.at(due + rnd.int(1, 4) * DAY);
    await demo.act(report.id, 'submit');
    if (i % 7 === 6) continue;
    demo.at(demo.clock + rnd.int(1, 3) * DAY);
    if (i % 11 === 4) {
      await demo.act(report.id, 'return', {}, '结案数与案件台账不一致，请核实后重报。');
      continue;
    }
    await demo.act(report.id, 'approve');
  }
  demo.at(demo.realNow - DAY);
  for (const level of [2, 3, 4]) demo.records += (await ctx.reports.assign(hq, KEY, current.key, { level }, 'demo-seed')).body.created;
}

/** The unit's officer opens the report (its case figures pre-filled) and fills in the rest. */
async function fillIn(demo: DemoReplay, report: { id: string; unitCode: string }): Promise<void> {
  const { ctx, rnd } = demo;
  const opened = await ctx.records.get(demo.person(report.unitCode, 'officer'), report.id, 'demo-seed');
  const cases = (opened.prefill ?? {}) as Record<string, number>;
  const closed = cases['/cases/closed'] ?? 0;
  const filed = cases['/cases/filed'] ?? 0;
  const patch = { cases: { carriedOver: Math.max(rnd.int(0, 3), closed - filed) }, other: { firstForm: rnd.int(2, 20), recoveredLoss: rnd.int(0, 400) / 10 } };
  // The server's deadline workers run while the demo is seeded (its past deadlines fall due
  // at once) and may touch the report between reading and saving: read again and retry.
  for (let attempt = 1; ; attempt++) {
    const current = (await findRecord(demo.db.sequelize, report.id))!;
    try {
      await ctx.records.update(demo.person(report.unitCode, 'officer'), report.id, patch, String(current.version), 'demo-seed');
      break;
    } catch (error) {
      if (!(error instanceof FormworkError && error.code === 'FW_REC_VERSION_CONFLICT') || attempt >= 5) throw error;
    }
  }
}
