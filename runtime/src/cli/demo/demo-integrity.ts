/** The demo's integrity archives and integrity opinion replies. */
import { findRecord } from '../../records/record-store.js';
import { chinaDate, DAY, type Cadre, type DemoReplay } from './demo-replay.js';

/** An archive for each of the first 60 cadres of the cases and of the organisation. */
export async function seedArchive(demo: DemoReplay, caseCadres: readonly Cadre[], cadres: readonly Cadre[]): Promise<void> {
  const { rnd } = demo;
  const archived = [...new Map([...caseCadres, ...cadres.slice(0, 20)].map((c) => [c.id, c])).values()].slice(0, 60);
  for (const cadre of archived) {
    demo.at(demo.realNow - rnd.int(100, 200) * DAY);
    const gifts = rnd.next() < 0.3 ? [{ handedInOn: chinaDate(demo.clock), description: rnd.pick(['购物卡', '茶叶', '礼金', '酒水']), value: rnd.int(2, 30) * 100 }] : [];
    await demo.create('integrity-archive', cadre.unit, {
      cadreId: cadre.id,
      cadreName: cadre.name,
      position: cadre.position,
      grade: cadre.grade,
      declarations: [{ year: 2025, matter: rnd.pick(['property', 'travel', 'marriage', 'other']), note: '按规定如实报告' }],
      ...(gifts.length > 0 ? { gifts } : {}),
    });
  }
}

/** Twelve requests for an integrity opinion: a third drafted, a third submitted, a third issued. */
export async function seedOpinions(demo: DemoReplay, caseCadres: readonly Cadre[], cities: readonly string[]): Promise<void> {
  const { rnd } = demo;
  for (let i = 0; i < 12; i++) {
    const cadre = caseCadres[i * 7 % caseCadres.length]!;
    const unit = cities[i % cities.length]!;
    demo.at(demo.realNow - rnd.int(2, 20) * DAY);
    const id = await demo.create('integrity-opinion', unit, { cadreId: cadre.id, cadreName: cadre.name, position: cadre.position, purpose: rnd.pick(['promotion', 'award']), requestingUnit: '组织人事部门', requestedOn: chinaDate(demo.clock) });
    if (i % 3 === 0) continue;
    demo.at(demo.clock + DAY);
    await demo.act(id, 'submit');
    if (i % 3 === 1) continue;
    const record = (await findRecord(demo.db.sequelize, id))!;
    demo.at(demo.clock + DAY);
    await demo.act(id, 'issue', { conclusion: record.data.draftConclusion, replyText: record.data.draftText, issuedOn: chinaDate(demo.clock) });
  }
}
