/** The demo's inspection round: findings, clues handed over and rectification (some overdue). */
import { chinaDate, DAY, type Cadre, type DemoReplay } from './demo-replay.js';

const TARGETS = ['JS0101', 'JS0102', 'JS0201', 'JS0202'];
const CATEGORIES = ['leadership', 'party-building', 'governance', 'integrity-risk', 'management', 'rectification'];

/** One round over Jiangsu's counties, started 70 days ago, and its eight findings. */
export async function seedInspection(demo: DemoReplay, cadres: readonly Cadre[]): Promise<void> {
  const { rnd } = demo;
  demo.at(demo.realNow - 70 * DAY);
  const roundId = await demo.create('inspection-round', 'JS', {
    name: '2026年第一轮巡察',
    kind: 'regular',
    startsOn: chinaDate(demo.clock),
    endsOn: chinaDate(demo.clock + 60 * DAY),
    plan: '对南京、苏州所属分公司开展常规巡察。',
    teams: [{ name: '第一巡察组', leader: '周伟', members: ['李静', '王磊'], targetUnits: [...TARGETS] }],
  });
  demo.at(demo.clock + DAY);
  await demo.act(roundId, 'start');
  for (let i = 0; i < 8; i++) {
    const target = TARGETS[i % 4]!;
    const cadre = cadres.find((c) => c.unit === target)!;
    demo.at(demo.realNow - (60 - i * 3) * DAY);
    const withPerson = i % 3 === 0;
    const id = await demo.create('inspection-finding', 'JS', {
      round: '2026年第一轮巡察',
      targetUnit: target,
      category: CATEGORIES[i % CATEGORIES.length],
      severity: rnd.pick(['general', 'serious', 'grave']),
      description: rnd.pick(['“三重一大”事项未经集体决策', '物资采购未按规定招标', '违规发放津贴补贴', '基层党组织活动不规范', '上轮巡察问题整改不彻底']),
      ...(withPerson ? { cadreId: cadre.id, cadreName: cadre.name, cadreGrade: cadre.grade, discipline: 'integrity' } : {}),
    });
    demo.at(demo.clock + DAY);
    await demo.act(id, 'confirm');
    // Handing a clue over and assigning rectification each create a linked record.
    if (withPerson) {
      demo.at(demo.clock + DAY);
      await demo.act(id, 'handClue');
      demo.records += 1;
    }
    if (i < 6) {
      demo.at(demo.clock + DAY);
      // Two are due already, so the demo shows overdue rectification escalated.
      const due = i < 2 ? chinaDate(demo.realNow - 5 * DAY) : chinaDate(demo.realNow + rnd.int(10, 60) * DAY);
      await demo.act(id, 'assignRectification', { rectificationDue: due, rectificationRequirement: '建立健全相关制度，限期完成整改并报送整改报告。' });
      demo.records += 1;
    }
  }
}
