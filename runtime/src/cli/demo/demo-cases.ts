/** The demo's clues and discipline cases, in every state of their workflow. */
import { chinaDate, DAY, HOUR, type Cadre, type DemoReplay } from './demo-replay.js';

const SUMMARIES: Record<string, string[]> = {
  integrity: ['收受管理服务对象礼金、购物卡', '违规发放津贴补贴', '利用职务便利为亲属经营活动谋取利益', '违规接受宴请'],
  work: ['履职不力，造成国有资产损失', '违规决策，未经集体研究', '工作中弄虚作假'],
  mass: ['在服务群众中吃拿卡要', '侵害零售客户利益'],
  life: ['违规操办婚丧喜庆事宜', '生活作风问题'],
  political: ['对抗组织审查', '搞团团伙伙'],
  organisational: ['不如实报告个人有关事项', '违规选拔任用干部'],
};

/** How many cases stop at each point of the workflow (named for the point, not always the state: sanctioned cases are closed). */
const PATHS: [string, number][] = [
  ['registered', 12], ['awaiting', 30], ['talking', 16], ['verifying', 24], ['shelved', 8], ['concluded', 26],
  ['filed', 16], ['reviewing', 8], ['deciding', 6], ['sanctioned', 40], ['closedNoSanction', 10],
];

/**
 * Receives clues, mostly at counties, and moves each along its path; returns the cadres they
 * are about, in order (the integrity archive and opinions are about them too).
 */
export async function seedCases(demo: DemoReplay, cadres: readonly Cadre[], counties: readonly string[], cities: readonly string[]): Promise<Cadre[]> {
  const { rnd } = demo;
  const caseCadres: Cadre[] = [];
  for (const [target, howMany] of PATHS) {
    for (let i = 0; i < howMany; i++) {
      const unit = rnd.next() < 0.75 ? rnd.pick(counties) : rnd.pick(cities);
      const cadre = rnd.next() < 0.7 ? rnd.pick(cadres.filter((c) => c.unit === unit)) : rnd.pick(cadres);
      caseCadres.push(cadre);
      const category = rnd.pick(Object.keys(SUMMARIES));
      let t = demo.realNow - rnd.int(3, 160) * DAY;
      // Each step a few days after the last, never in the future (dates of past events cannot be); returns the step's time.
      const step = () => (t = Math.max(t, Math.min(t + rnd.int(1, 8) * DAY, demo.realNow - HOUR)));
      demo.at(t);
      const id = await demo.create('discipline-case', unit, {
        cadreId: cadre.id,
        cadreName: cadre.name,
        cadrePosition: cadre.position,
        cadreGrade: cadre.grade,
        source: rnd.pick(['letter', 'letter', 'inspection', 'audit', 'self', 'other']),
        receivedOn: chinaDate(t),
        category,
        summary: `反映${cadre.name}${rnd.pick(SUMMARIES[category]!)}的问题。`,
      });
      if (await disposeClue(demo, id, target, step)) await investigate(demo, id, target, step);
    }
  }
  return caseCadres;
}

/**
 * Registers the clue and disposes of it (a talk, shelving, or verification) as far as `target`
 * goes; true when it goes on to verification and beyond.
 */
async function disposeClue(demo: DemoReplay, id: string, target: string, step: () => number): Promise<boolean> {
  if (target === 'registered') return false;
  demo.at(step());
  await demo.act(id, 'register');
  if (target === 'awaiting') return false;
  demo.at(step());
  if (target === 'talking' || target === 'concluded') {
    await demo.act(id, 'talk', { disposal: 'talk' });
    if (target === 'concluded') {
      demo.at(step());
      await demo.act(id, 'conclude', { disposalNote: '经谈话函询，反映问题不属实，予以了结。' }, '同意了结');
    }
    return false;
  }
  if (target === 'shelved') {
    demo.at(step());
    await demo.act(id, 'shelve', { disposal: 'shelve', disposalNote: '线索较笼统，暂不具备核查条件。' });
    return false;
  }
  await demo.act(id, 'verify', { disposal: 'verify' });
  return target !== 'verifying';
}

/** Files the case, investigates, reviews and closes it (with a sanction or without), as far as `target` goes. */
async function investigate(demo: DemoReplay, id: string, target: string, step: () => number): Promise<void> {
  const { rnd } = demo;
  let t = step();
  demo.at(t);
  await demo.act(id, 'file', { verificationReport: '经初步核实，反映的主要问题基本属实，建议立案审查。', filedOn: chinaDate(t) });
  if (target === 'filed') return;
  demo.at(step());
  await demo.act(id, 'submitInvestigation', { investigationReport: '审查调查终结，违纪事实清楚，证据确凿。' });
  if (target === 'reviewing') return;
  t = step();
  demo.at(t);
  await demo.act(id, 'review', { reviewOpinion: '事实清楚、证据确凿、定性准确，建议依规依纪处理。', reviewedOn: chinaDate(t) });
  if (target === 'deciding') return;
  t = step();
  demo.at(t);
  if (target === 'closedNoSanction') {
    await demo.act(id, 'closeWithoutSanction', { closedOn: chinaDate(t), conclusion: '情节轻微，予以批评教育，不予处分。' }, '同意');
  } else {
    await demo.act(id, 'sanction', {
      sanctionKind: rnd.pick(['party-warning', 'party-serious-warning', 'admin-warning', 'admin-demerit', 'admin-major-demerit', 'party-removal']),
      sanctionDate: chinaDate(t),
      sanctionDocNo: `纪字〔2026〕${rnd.int(1, 99)}号`,
      closedOn: chinaDate(t),
      conclusion: '给予相应处分，案件办结。',
    });
  }
}
