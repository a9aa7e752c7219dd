/**
 * The demo organisation: HQ, 3 provinces, 2 cities each, 2 counties each; an administrator,
 * officer and leader per unit (and at HQ an officer, a leader and an auditor); and the cadres
 * the records are about.
 */
import type { Sequelize } from 'sequelize';
import { appendAudit } from '../../audit/audit-store.js';
import { insertUser } from '../../identity/identity-store.js';
import { insertUnits, lockTree, type UnitKind } from '../../units/unit-store.js';
import type { Cadre, Random } from './demo-replay.js';

const PROVINCES: [string, string, [string, string, [string, string][]][]][] = [
  ['JS', '江苏省公司', [['JS01', '南京市公司', [['JS0101', '江宁区分公司'], ['JS0102', '六合区分公司']]], ['JS02', '苏州市公司', [['JS0201', '昆山市分公司'], ['JS0202', '常熟市分公司']]]]],
  ['ZJ', '浙江省公司', [['ZJ01', '杭州市公司', [['ZJ0101', '萧山区分公司'], ['ZJ0102', '余杭区分公司']]], ['ZJ02', '宁波市公司', [['ZJ0201', '慈溪市分公司'], ['ZJ0202', '余姚市分公司']]]]],
  ['AH', '安徽省公司', [['AH01', '合肥市公司', [['AH0101', '肥西县分公司'], ['AH0102', '长丰县分公司']]], ['AH02', '芜湖市公司', [['AH0201', '南陵县分公司'], ['AH0202', '无为市分公司']]]]],
];
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗'.split('');
const GIVEN = ['建国', '志强', '海燕', '晓东', '丽华', '伟', '敏', '静', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明', '超', '秀英', '桂英'];

/** A unit of the demo organisation below HQ. */
export interface DemoUnit {
  code: string;
  name: string;
  parentCode: string;
  kind: UnitKind;
}

/** The provinces, cities and counties, each after its parent. */
export function demoUnits(): DemoUnit[] {
  const units: DemoUnit[] = [];
  for (const [pCode, pName, cities] of PROVINCES) {
    units.push({ code: pCode, name: pName, parentCode: 'HQ', kind: 'company' });
    for (const [cCode, cName, counties] of cities) {
      units.push({ code: cCode, name: cName, parentCode: pCode, kind: 'company' });
      for (const [xCode, xName] of counties) units.push({ code: xCode, name: xName, parentCode: cCode, kind: 'company' });
    }
  }
  return units;
}

/** The n-th demo person's Chinese name, the same on every seed (no random draws: the rest of the demo stays as it was). */
export function personName(n: number): string {
  return SURNAMES[n % SURNAMES.length]! + GIVEN[(n * 7 + Math.floor(n / SURNAMES.length)) % GIVEN.length]!;
}

/** Creates the units and their users in one transaction, and audits the seed. */
export async function seedUnitsAndPeople(sequelize: Sequelize, units: DemoUnit[], passwordHash: string): Promise<void> {
  await sequelize.transaction(async (tx) => {
    await lockTree(sequelize, tx);
    await insertUnits(sequelize, units, tx);
    const people: [string, string, string[]][] = [['hq-officer', 'HQ', ['officer']], ['hq-leader', 'HQ', ['leader']], ['hq-auditor', 'HQ', ['auditor', 'exporter']]];
    for (const u of units) for (const role of ['admin', 'officer', 'leader']) people.push([`${u.code.toLowerCase()}-${role}`, u.code, [role]]);
    for (const [i, [username, unitCode, roles]] of people.entries()) {
      await insertUser(sequelize, { username, displayName: personName(i), passwordHash, unitCode, roles, status: 'active', createdBy: 'demo' }, tx);
    }
    await appendAudit(sequelize, { actor: 'system', unitCode: 'HQ', action: 'demo.seed', outcome: 'ok', details: { units: units.length, users: people.length } }, tx);
  });
}

/** Two cadres per province and city, three per county, with made-up identity numbers. */
export function hireCadres(units: readonly DemoUnit[], rnd: Random): Cadre[] {
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
  return cadres;
}
