/**
 * `formwork seed --demo` (and `npm start` on an empty database): a living demo organisation —
 * HQ, 3 provinces, 2 cities each, 2 counties each, an administrator, officer and leader per unit
 * — and a few hundred records of the bundled modules in every state, some of them overdue. Every
 * record goes through the real services and workflows, on a clock set back in time, so
 * histories, notifications and deadlines are what real use would have left.
 */
import type { Database } from '../../platform/db/database.js';
import type { JobQueue } from '../../platform/jobs/job-queue.js';
import { appendAudit } from '../../audit/audit-store.js';
import { insertUser, type SessionUser } from '../../identity/identity-store.js';
import { findRecord } from '../../records/record-store.js';
import { selectOne, selectRows } from '../../platform/db/sql.js';
import { insertUnits, lockTree, type UnitKind } from '../../units/unit-store.js';
import { createContext } from '../../context.js';
import { hashPassword } from '../../identity/password.js';
import { chinaMidnight, FormworkError, periodContaining, previousPeriod } from '../../../../engine/src/index.js';

export const DEMO_PASSWORD = 'Formwork-Demo-2026';
const DAY = 86_400_000;

const PROVINCES: [string, string, [string, string, [string, string][]][]][] = [
  ['JS', '江苏省公司', [['JS01', '南京市公司', [['JS0101', '江宁区分公司'], ['JS0102', '六合区分公司']]], ['JS02', '苏州市公司', [['JS0201', '昆山市分公司'], ['JS0202', '常熟市分公司']]]]],
  ['ZJ', '浙江省公司', [['ZJ01', '杭州市公司', [['ZJ0101', '萧山区分公司'], ['ZJ0102', '余杭区分公司']]], ['ZJ02', '宁波市公司', [['ZJ0201', '慈溪市分公司'], ['ZJ0202', '余姚市分公司']]]]],
  ['AH', '安徽省公司', [['AH01', '合肥市公司', [['AH0101', '肥西县分公司'], ['AH0102', '长丰县分公司']]], ['AH02', '芜湖市公司', [['AH0201', '南陵县分公司'], ['AH0202', '无为市分公司']]]]],
];
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗'.split('');
const GIVEN = ['建国', '志强', '海燕', '晓东', '丽华', '伟', '敏', '静', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明', '超', '秀英', '桂英'];
const SUMMARIES: Record<string, string[]> = {
  integrity: ['收受管理服务对象礼金、购物卡', '违规发放津贴补贴', '利用职务便利为亲属经营活动谋取利益', '违规接受宴请'],
  work: ['履职不力，造成国有资产损失', '违规决策，未经集体研究', '工作中弄虚作假'],
  mass: ['在服务群众中吃拿卡要', '侵害零售客户利益'],
  life: ['违规操办婚丧喜庆事宜', '生活作风问题'],
  political: ['对抗组织审查', '搞团团伙伙'],
  organisational: ['不如实报告个人有关事项', '违规选拔任用干部'],
};

/** A small deterministic pseudo-random generator, so every demo is the same. */
function prng(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!,
  };
}

const chinaDate = (t: number) => new Date(t + 8 * 3_600_000).toISOString().slice(0, 10);

interface Cadre {
  id: string;
  name: string;
  unit: string;
  position: string;
  grade: string;
}

export interface SeedResult {
  units: number;
  users: number;
  records: number;
}

interface SeedOptions {
  log?: (m: string) => void;
  now?: () => Date;
  /** Also the quarterly reports (default true). */
  reports?: boolean;
}

/**
 * Seeds the demo into a database that holds only the bootstrap; undefined when it holds more.
 * This instance's deadline workers wait meanwhile: the seed replays months with its own clock,
 * and the deadlines of those months fall due (and are worked through) once it is done.
 */
export async function seedDemo(db: Database, jobs: JobQueue, options: SeedOptions = {}): Promise<SeedResult | undefined> {
  await jobs.pause();
  try {
    return await replay(db, jobs, options);
  } finally {
    await jobs.resume();
  }
}

async function replay(db: Database, jobs: JobQueue, options: SeedOptions): Promise<SeedResult | undefined> {
  const { sequelize } = db;
  const count = await selectOne<{ n: number }>(sequelize, 'SELECT count(*)::int AS n FROM units');
  if ((count?.n ?? 0) > 1) return undefined;
  const realNow = (options.now ?? (() => new Date()))().getTime();
  let clock = realNow;
  const ctx = createContext(db, { jobs, now: () => new Date(clock) });
  await ctx.registry.reload();
  if (!(await ctx.registry.getLatest('discipline-case'))) throw new Error('the demo needs the bundled modules published first');
  const rnd = prng(20260901);

  // --- The organisation and its people -----------------------------------------------------------
  const units: { code: string; name: string; parentCode: string; kind: UnitKind }[] = [];
  for (const [pCode, pName, cities] of PROVINCES) {
    units.push({ code: pCode, name: pName, parentCode: 'HQ', kind: 'company' });
    for (const [cCode, cName, counties] of cities) {
      units.push({ code: cCode, name: cName, parentCode: pCode, kind: 'company' });
      for (const [xCode, xName] of counties) units.push({ code: xCode, name: xName, parentCode: cCode, kind: 'company' });
    }
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await sequelize.transaction(async (tx) => {
    await lockTree(sequelize, tx);
    await insertUnits(sequelize, units, tx);
    const people: [string, string, string[]][] = [['hq-officer', 'HQ', ['officer']], ['hq-leader', 'HQ', ['leader']], ['hq-auditor', 'HQ', ['auditor', 'exporter']]];
    for (const u of units) for (const role of ['admin', 'officer', 'leader']) people.push([`${u.code.toLowerCase()}-${role}`, u.code, [role]]);
    for (const [username, unitCode, roles] of people) {
      await insertUser(sequelize, { username, passwordHash, unitCode, roles, status: 'active', createdBy: 'demo' }, tx);
    }
    await appendAudit(sequelize, { actor: 'system', unitCode: 'HQ', action: 'demo.seed', outcome: 'ok', details: { units: units.length, users: people.length } }, tx);
  });
  const sessionRows = await selectRows<{ id: number; username: string; unit_code: string; roles: string[]; path: string; level: number }>(
    sequelize,
    'SELECT u.id, u.username, u.unit_code, u.roles, n.path::text AS path, n.level FROM users u JOIN units n ON n.code = u.unit_code',
  );
  const sessions = new Map<string, SessionUser>(
    sessionRows.map((r) => [r.username, { id: r.id, username: r.username, unitCode: r.unit_code, unitPath: r.path, unitLevel: r.level, roles: r.roles }]),
  );
  const person = (unitCode: string, role: string) => sessions.get(unitCode === 'HQ' ? `hq-${role}` : `${unitCode.toLowerCase()}-${role}`)!;

  const counties = units.filter((u) => u.code.length === 6).map((u) => u.code);
  const cities = units.filter((u) => u.code.length === 4).map((u) => u.code);
  const cadres: Cadre[] = [];
  let serial = 1;
  for (const u of units) {
    const level = u.code.length === 2 ? 2 : u.code.length === 4 ? 3 : 4;
    for (let i = 0; i < (level === 4 ? 3 : 2); i++) {
      cadres.push({
        id: `3201${String(19700101 + rnd.int(0, 25) * 10000 + rnd.int(1, 12) * 100 + rnd.int(1, 28)).padStart(8, '0')}${String(serial++).padStart(6, '0')}`,
        name: rnd.pick(SURNAMES) + rnd.pick(GIVEN),
        unit: u.code,
        position: rnd.pick(level === 2 ? ['处长', '副处长'] : level === 3 ? ['副总经理', '办公室主任', '财务科科长'] : ['经理', '副经理', '专卖科科长', '营销中心主任']),
        grade: level === 2 ? 'division' : level === 3 ? rnd.pick(['section', 'division']) : rnd.pick(['general', 'general', 'section']),
      });
    }
  }

  let records = 0;
  const at = (t: number) => {
    clock = Math.min(t, realNow);
  };
  /** Takes an action as the unit now holding the record, with a role the step allows. */
  const act = async (id: string, action: string, data: Record<string, unknown> = {}, comment?: string, unitCode?: string) => {
    const record = (await findRecord(sequelize, id))!;
    const compiled = await ctx.registry.compiled((await ctx.registry.getVersion(record.moduleKey, record.moduleVersion))!);
    const step = compiled.workflow.find(record.state, action)!;
    const role = step.roles.find((r) => ['officer', 'leader', 'admin'].includes(r))!;
    await ctx.records.act(person(record.assignedUnit, role), id, action, { data, ...(comment ? { comment } : {}), ...(unitCode ? { unitCode } : {}) }, undefined, 'demo-seed');
  };
  const create = async (key: string, unitCode: string, data: Record<string, unknown>, role = 'officer') => {
    records += 1;
    return (await ctx.records.create(person(unitCode, role), key, { data }, { requestId: 'demo-seed' })).body.id;
  };

  // --- Clues and cases, in every state -----------------------------------------------------------
  const paths: [string, number][] = [
    ['registered', 12], ['awaiting', 30], ['talking', 16], ['verifying', 24], ['shelved', 8], ['concluded', 26],
    ['filed', 16], ['reviewing', 8], ['deciding', 6], ['sanctioned', 40], ['closedNoSanction', 10],
  ];
  const caseCadres: Cadre[] = [];
  for (const [target, howMany] of paths) {
    for (let i = 0; i < howMany; i++) {
      const unit = rnd.next() < 0.75 ? rnd.pick(counties) : rnd.pick(cities);
      const cadre = rnd.next() < 0.7 ? rnd.pick(cadres.filter((c) => c.unit === unit)) : rnd.pick(cadres);
      caseCadres.push(cadre);
      const category = rnd.pick(Object.keys(SUMMARIES));
      let t = realNow - rnd.int(3, 160) * DAY;
      const step = () => (t += rnd.int(1, 8) * DAY);
      at(t);
      const id = await create('discipline-case', unit, {
        cadreId: cadre.id,
        cadreName: cadre.name,
        cadrePosition: cadre.position,
        cadreGrade: cadre.grade,
        source: rnd.pick(['letter', 'letter', 'inspection', 'audit', 'self', 'other']),
        receivedOn: chinaDate(t),
        category,
        summary: `反映${cadre.name}${rnd.pick(SUMMARIES[category]!)}的问题。`,
      });
      if (target === 'registered') continue;
      at(step());
      await act(id, 'register');
      if (target === 'awaiting') continue;
      at(step());
      if (target === 'talking' || target === 'concluded') {
        await act(id, 'talk', { disposal: 'talk' });
        if (target === 'concluded') {
          at(step());
          await act(id, 'conclude', { disposalNote: '经谈话函询，反映问题不属实，予以了结。' }, '同意了结');
        }
        continue;
      }
      if (target === 'shelved') {
        at(step());
        await act(id, 'shelve', { disposal: 'shelve', disposalNote: '线索较笼统，暂不具备核查条件。' });
        continue;
      }
      await act(id, 'verify', { disposal: 'verify' });
      if (target === 'verifying') continue;
      at(step());
      await act(id, 'file', { verificationReport: '经初步核实，反映的主要问题基本属实，建议立案审查。', filedOn: chinaDate(t) });
      if (target === 'filed') continue;
      at(step());
      await act(id, 'submitInvestigation', { investigationReport: '审查调查终结，违纪事实清楚，证据确凿。' });
      if (target === 'reviewing') continue;
      at(step());
      await act(id, 'review', { reviewOpinion: '事实清楚、证据确凿、定性准确，建议依规依纪处理。', reviewedOn: chinaDate(t) });
      if (target === 'deciding') continue;
      at(step());
      if (target === 'closedNoSanction') {
        await act(id, 'closeWithoutSanction', { closedOn: chinaDate(t), conclusion: '情节轻微，予以批评教育，不予处分。' }, '同意');
      } else {
        await act(id, 'sanction', {
          sanctionKind: rnd.pick(['party-warning', 'party-serious-warning', 'admin-warning', 'admin-demerit', 'admin-major-demerit', 'party-removal']),
          sanctionDate: chinaDate(t),
          sanctionDocNo: `纪字〔2026〕${rnd.int(1, 99)}号`,
          closedOn: chinaDate(t),
          conclusion: '给予相应处分，案件办结。',
        });
      }
    }
  }

  // --- Integrity archive: the cadres of the cases, and others -------------------------------------
  const archived = [...new Map([...caseCadres, ...cadres.slice(0, 20)].map((c) => [c.id, c])).values()].slice(0, 60);
  for (const cadre of archived) {
    at(realNow - rnd.int(100, 200) * DAY);
    const gifts = rnd.next() < 0.3 ? [{ handedInOn: chinaDate(clock), description: rnd.pick(['购物卡', '茶叶', '礼金', '酒水']), value: rnd.int(2, 30) * 100 }] : [];
    await create('integrity-archive', cadre.unit, {
      cadreId: cadre.id,
      cadreName: cadre.name,
      position: cadre.position,
      grade: cadre.grade,
      declarations: [{ year: 2025, matter: rnd.pick(['property', 'travel', 'marriage', 'other']), note: '按规定如实报告' }],
      ...(gifts.length > 0 ? { gifts } : {}),
    });
  }

  // --- Integrity opinion replies -----------------------------------------------------------------
  for (let i = 0; i < 12; i++) {
    const cadre = caseCadres[i * 7 % caseCadres.length]!;
    const unit = cities[i % cities.length]!;
    at(realNow - rnd.int(2, 20) * DAY);
    const id = await create('integrity-opinion', unit, { cadreId: cadre.id, cadreName: cadre.name, position: cadre.position, purpose: rnd.pick(['promotion', 'award']), requestingUnit: '组织人事部门', requestedOn: chinaDate(clock) });
    if (i % 3 === 0) continue;
    at(clock + DAY);
    await act(id, 'submit');
    if (i % 3 === 1) continue;
    const record = (await findRecord(sequelize, id))!;
    at(clock + DAY);
    await act(id, 'issue', { conclusion: record.data.draftConclusion, replyText: record.data.draftText, issuedOn: chinaDate(clock) });
  }

  // --- An inspection round with findings, handed clues and rectification (some overdue) ----------
  at(realNow - 70 * DAY);
  const roundId = await create('inspection-round', 'JS', {
    name: '2026年第一轮巡察',
    kind: 'regular',
    startsOn: chinaDate(clock),
    endsOn: chinaDate(clock + 60 * DAY),
    plan: '对南京、苏州所属分公司开展常规巡察。',
    teams: [{ name: '第一巡察组', leader: '周伟', members: ['李静', '王磊'], targetUnits: ['JS0101', 'JS0102', 'JS0201', 'JS0202'] }],
  });
  at(clock + DAY);
  await act(roundId, 'start');
  const categories = ['leadership', 'party-building', 'governance', 'integrity-risk', 'management', 'rectification'];
  for (let i = 0; i < 8; i++) {
    const target = ['JS0101', 'JS0102', 'JS0201', 'JS0202'][i % 4]!;
    const cadre = cadres.find((c) => c.unit === target)!;
    at(realNow - (60 - i * 3) * DAY);
    const withPerson = i % 3 === 0;
    const id = await create('inspection-finding', 'JS', {
      round: '2026年第一轮巡察',
      targetUnit: target,
      category: categories[i % categories.length],
      severity: rnd.pick(['general', 'serious', 'grave']),
      description: rnd.pick(['“三重一大”事项未经集体决策', '物资采购未按规定招标', '违规发放津贴补贴', '基层党组织活动不规范', '上轮巡察问题整改不彻底']),
      ...(withPerson ? { cadreId: cadre.id, cadreName: cadre.name, cadreGrade: cadre.grade, discipline: 'integrity' } : {}),
    });
    at(clock + DAY);
    await act(id, 'confirm');
    if (withPerson) {
      at(clock + DAY);
      await act(id, 'handClue');
      records += 1;
    }
    if (i < 6) {
      at(clock + DAY);
      // Two are due already, so the demo shows overdue rectification escalated.
      const due = i < 2 ? chinaDate(realNow - 5 * DAY) : chinaDate(realNow + rnd.int(10, 60) * DAY);
      await act(id, 'assignRectification', { rectificationDue: due, rectificationRequirement: '建立健全相关制度，限期完成整改并报送整改报告。' });
      records += 1;
    }
  }

  // --- Feedback ---------------------------------------------------------------------------------
  for (let i = 0; i < 6; i++) {
    const unit = counties[i * 2]!;
    at(realNow - rnd.int(1, 30) * DAY);
    const id = await create('feedback', unit, {
      kind: i % 3 === 0 ? 'anomaly' : 'suggestion',
      subject: rnd.pick(['希望增加批量导出', '统计图表加载较慢', '建议增加短信提醒', '案件审理意见模板']),
      description: '在日常使用中发现，建议予以改进。',
      ...(i % 3 === 0 ? { where: '线索登记页面' } : {}),
    });
    at(clock + DAY);
    await act(id, 'submit');
    if (i < 2) {
      at(clock + DAY);
      await act(id, 'answer', { response: '已收悉，将在下一版本中改进。' });
    }
  }
  // --- Quarterly reports: last quarter filled, submitted, mostly approved; this one just assigned --
  if (options.reports !== false && (await ctx.registry.getLatest('enforcement-quarterly'))) {
    const key = 'enforcement-quarterly';
    const last = previousPeriod(periodContaining('quarter', new Date(realNow)));
    const current = periodContaining('quarter', new Date(realNow));
    const due = chinaMidnight(last.end).getTime() + 15 * DAY;
    const hq = person('HQ', 'officer');
    at(chinaMidnight(last.end).getTime() + DAY);
    const assigned: { id: string; unitCode: string }[] = [];
    for (const level of [2, 3, 4]) assigned.push(...(await ctx.reports.assign(hq, key, last.key, { level }, 'demo-seed')).body.records);
    records += assigned.length;
    for (const [i, report] of assigned.entries()) {
      // Two units never start, one keeps a draft, two hand in late; the rest on time.
      if (i % 10 === 3 || i % 10 === 7) continue;
      at(chinaMidnight(last.end).getTime() + rnd.int(2, 12) * DAY);
      const opened = await ctx.records.get(person(report.unitCode, 'officer'), report.id, 'demo-seed');
      const cases = (opened.prefill ?? {}) as Record<string, number>;
      const closed = cases['/cases/closed'] ?? 0;
      const filed = cases['/cases/filed'] ?? 0;
      const patch = { cases: { carriedOver: Math.max(rnd.int(0, 3), closed - filed) }, other: { firstForm: rnd.int(2, 20), recoveredLoss: rnd.int(0, 400) / 10 } };
      // The server's deadline workers run while the demo is seeded (its past deadlines fall due
      // at once) and may touch the report between reading and saving: read again and retry.
      for (let attempt = 1; ; attempt++) {
        const current = (await findRecord(sequelize, report.id))!;
        try {
          await ctx.records.update(person(report.unitCode, 'officer'), report.id, patch, String(current.version), 'demo-seed');
          break;
        } catch (error) {
          if (!(error instanceof FormworkError && error.code === 'FW_REC_VERSION_CONFLICT') || attempt >= 5) throw error;
        }
      }
      if (i % 10 === 5) continue;
      if (i % 10 === 9) at(due + rnd.int(1, 4) * DAY);
      await act(report.id, 'submit');
      if (i % 7 === 6) continue;
      at(clock + rnd.int(1, 3) * DAY);
      if (i % 11 === 4) {
        await act(report.id, 'return', {}, '结案数与案件台账不一致，请核实后重报。');
        continue;
      }
      await act(report.id, 'approve');
    }
    at(realNow - DAY);
    for (const level of [2, 3, 4]) records += (await ctx.reports.assign(hq, key, current.key, { level }, 'demo-seed')).body.created;
  }
  options.log?.(`demo seeded: ${units.length} units, ${sessions.size} users, ${records} records`);
  return { units: units.length, users: sessions.size, records };
}
