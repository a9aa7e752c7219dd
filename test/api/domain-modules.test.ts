/**
 * The customer's modules, shipped as definitions and published as a first start publishes them,
 * carrying the real domain through the generic runtime: a clue walked to a closed case with a
 * sanction that then shows in the cadre's integrity archive and decides a drafted opinion reply
 * (downloaded as DOCX); an inspection finding that hands a linked clue over and assigns a
 * rectification task which escalates when overdue; feedback routed to the administrators above.
 */
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../runtime/src/server.js';
import { publishBundled, readBundled } from '../../runtime/src/modules/bundled.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { call, createUser, login, seedOrganisation, startTestInstance } from '../support/instance.js';

let db: TestDatabase;
let instance: Instance;
const t: Record<string, string> = {};
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const yesterday = new Date(Date.now() + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);
const CADRE = '320101198001010011';

const create = async (token: string, key: string, data: object, unitCode?: string) => {
  const response = await call(instance, token, { method: 'POST', url: `/api/modules/${key}/records`, payload: { data, ...(unitCode ? { unitCode } : {}) } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; data: Record<string, unknown>; warnings: { code: string }[] };
};
const act = async (token: string, id: string, action: string, body: object = {}) => {
  const response = await call(instance, token, { method: 'POST', url: `/api/records/${id}/actions/${action}`, payload: body });
  expect(response.statusCode, `${action}: ${response.body}`).toBe(200);
  return response.json() as { state: string; assignedUnit: string; assignedRole: string | null; data: Record<string, unknown>; derived: Record<string, unknown> };
};
const get = async (token: string, id: string) => (await call(instance, token, { method: 'GET', url: `/api/records/${id}` })).json();

beforeAll(async () => {
  db = await createTestDatabase();
  instance = await startTestInstance(db.url);
  const hq = await login(instance);
  expect((await publishBundled(instance.ctx)).length).toBe((await readBundled()).length);
  await seedOrganisation(instance, hq);
  const people: [string, string, string][] = [
    ['x-officer', 'officer', 'X111'], ['x-leader', 'leader', 'X111'], ['c-officer', 'officer', 'C11'], ['c-leader', 'leader', 'C11'],
    ['c-admin', 'admin', 'C11'], ['p1-officer', 'officer', 'P1'], ['p1-leader', 'leader', 'P1'], ['hq-auditor', 'auditor', 'HQ'], ['hq-leader', 'leader', 'HQ'], ['hq-officer', 'officer', 'HQ'], ['p2-officer', 'officer', 'C21'],
  ];
  for (const [username, role, unitCode] of people) {
    await createUser(instance, { username, roles: [role], unitCode });
    t[username] = await login(instance, username);
  }
});
afterAll(async () => {
  await instance?.stop();
  await db?.drop();
});

describe('shipped definitions', () => {
  it('are all published, code lists pinned into the modules that reference them', async () => {
    const modules = (await call(instance, t['hq-auditor']!, { method: 'GET', url: '/api/modules' })).json() as { key: string; kind: string }[];
    expect(modules.map((m) => m.key)).toEqual(expect.arrayContaining(['discipline-case', 'integrity-archive', 'integrity-opinion', 'inspection-round', 'inspection-finding', 'rectification-task', 'feedback', 'disciplines', 'sanction-kinds', 'cadre-grades']));
    const caseModule = (await call(instance, t['hq-auditor']!, { method: 'GET', url: '/api/modules/discipline-case' })).json();
    expect(caseModule.codelists).toEqual({ 'cadre-grades': 1, 'clue-sources': 1, disciplines: 1, 'disposal-ways': 1, 'sanction-kinds': 1 });
    expect(caseModule.title['zh-CN']).toBe('问题线索与案件');
  });

  it('check values against the shared code lists, naming the allowed codes by their titles', async () => {
    const response = await call(instance, t['x-officer']!, {
      method: 'POST',
      url: '/api/modules/discipline-case/records',
      payload: { data: { cadreId: CADRE, cadreName: '王建国', source: 'letter', category: 'gossip', summary: '反映问题若干。' } },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors[0]).toMatchObject({ path: '/category', code: 'FW_VAL_ENUM' });
    expect(response.json().errors[0].message).toBe('「违反纪律类别」的值不在允许的选项中（可选：政治纪律、组织纪律、廉洁纪律、群众纪律、工作纪律、生活纪律）');
  });
});

describe('from a clue to a sanction, the archive and the opinion reply', () => {
  it('walks a clue to a closed case with a sanction', async () => {
    const archive = await create(t['x-officer']!, 'integrity-archive', { cadreId: CADRE, cadreName: '王建国', position: '副经理', grade: 'general', gifts: [{ handedInOn: '2026-01-05', description: '购物卡', value: 500 }] });
    expect(archive.data.giftTotal).toBe(500);
    t.archive = archive.id;

    const clue = await create(t['x-officer']!, 'discipline-case', {
      cadreId: CADRE, cadreName: '王建国', cadrePosition: '副经理', cadreGrade: 'general', source: 'letter', receivedOn: today, category: 'integrity', summary: '反映其收受管理服务对象购物卡。',
    });
    t.case = clue.id;
    expect((await act(t['x-officer']!, clue.id, 'register')).state).toBe('awaitingDisposal');
    const inbox = (await call(instance, t['x-leader']!, { method: 'GET', url: '/api/inbox' })).json();
    expect(inbox.notifications[0].message['zh-CN']).toBe('有新的问题线索待处置');
    expect((await act(t['x-leader']!, clue.id, 'verify', { data: { disposal: 'verify' } })).state).toBe('verifying');
    expect((await act(t['x-leader']!, clue.id, 'file', { data: { verificationReport: '反映问题基本属实。', filedOn: today } })).state).toBe('filed');
    expect((await act(t['x-officer']!, clue.id, 'submitInvestigation', { data: { investigationReport: '违纪事实清楚。' } })).state).toBe('reviewing');
    expect((await act(t['x-leader']!, clue.id, 'review', { data: { reviewOpinion: '建议给予党内严重警告处分。', reviewedOn: today } })).state).toBe('deciding');
    const missing = await call(instance, t['x-leader']!, { method: 'POST', url: `/api/records/${clue.id}/actions/sanction`, payload: {} });
    expect(missing.json().errors.map((e: { path: string }) => e.path).sort()).toEqual(['/closedOn', '/conclusion', '/sanctionDate', '/sanctionDocNo', '/sanctionKind']);
    const closed = await act(t['x-leader']!, clue.id, 'sanction', {
      data: { sanctionKind: 'party-serious-warning', sanctionDate: today, sanctionDocNo: '纪字〔2026〕8号', closedOn: today, conclusion: '给予党内严重警告处分。' },
    });
    expect(closed.state).toBe('closed');
    expect(closed.derived['/sanctionMonths']).toBe(12);
    expect(closed.data.sanctionEndDate).toBe(`${Number(today.slice(0, 4)) + 1}${today.slice(4)}`);
  });

  it('the sanction appears in the cadre’s archive without re-typing', async () => {
    const archive = await get(t['c-leader']!, t.archive!);
    expect(archive.links.sanctions).toEqual([
      expect.objectContaining({ id: t.case, key: 'discipline-case', state: 'closed', data: expect.objectContaining({ '/sanctionKind': 'party-serious-warning', '/category': 'integrity' }) }),
    ]);
    expect(archive.links.cases.map((c: { id: string }) => c.id)).toEqual([t.case]);
    // A unit outside the case's subtree sees the archive's links without what it may not see.
    await createUser(instance, { username: 'p2-auditor', roles: ['auditor'], unitCode: 'P2' });
  });

  it('drafts the opinion reply at HQ from the whole organisation’s archive and cases, and issues it as a document', async () => {
    const reply = await create(t['c-officer']!, 'integrity-opinion', { cadreId: CADRE, cadreName: '王建国', position: '副经理', purpose: 'promotion', requestingUnit: '市公司人事科', requestedOn: today });
    // At the city the organisation-wide counts are withheld: nothing is drafted from them, and the answer says why.
    // (Named facts are asked for only when a condition reaches them: every drafting rule stops at the withheld sanctions count.)
    expect(reply.data.draftConclusion).toBeUndefined();
    expect(reply.warnings).toEqual([expect.objectContaining({ code: 'FW_FACT_WITHHELD', params: { facts: ['sanctionsInEffect'] } })]);
    const withLinks = await get(t['c-leader']!, reply.id);
    expect(withLinks.links.cases.map((c: { id: string }) => c.id)).toEqual([t.case]);
    expect(withLinks.links.archive.map((a: { id: string }) => a.id)).toEqual([t.archive]);

    // Submitted, the request goes to HQ's leaders, where the facts are evaluated over every unit.
    expect(await act(t['c-officer']!, reply.id, 'submit')).toMatchObject({ state: 'reviewing', assignedUnit: 'HQ', assignedRole: 'leader' });
    const reviewed = await get(t['hq-leader']!, reply.id);
    expect(reviewed.data.draftConclusion).toBe('not-recommended');
    expect(reviewed.data.draftText).toBe('经查，王建国同志受到处分，目前仍在处分影响期内，按照有关规定，不同意（暂缓）其提拔任用。');
    const issued = await act(t['hq-leader']!, reply.id, 'issue', { data: { conclusion: 'not-recommended', replyText: reviewed.data.draftText, issuedOn: today } });
    expect(issued.state).toBe('issued');
    const doc = await call(instance, t['c-leader']!, { method: 'GET', url: `/api/records/${reply.id}/documents/reply` });
    expect(doc.statusCode).toBe(200);
    expect(doc.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(doc.headers['content-disposition']).toContain(encodeURIComponent('党风廉政意见回复.docx'));
    const xml = strFromU8(unzipSync(new Uint8Array(doc.rawPayload))['word/document.xml']!).replace(/<[^>]+>/g, '');
    expect(xml).toContain('关于王建国同志党风廉政情况的回复');
    expect(xml).toContain('不同意（暂缓）其提拔任用');
    expect(xml).toContain('回复结论：处分影响期内，不同意/暂缓');
    expect(xml).toContain('甲省一市公司纪检监察机构');
    expect((await call(instance, t['c-leader']!, { method: 'GET', url: `/api/records/${reply.id}/documents/nope` })).statusCode).toBe(404);

    const clean = await create(t['hq-officer']!, 'integrity-opinion', { cadreId: '320101199002020022', cadreName: '李明', purpose: 'award', requestingUnit: '总部人事部' });
    expect(clean.data.draftConclusion).toBe('no-adverse');
  });

  it('never lets a fact reveal a record the caller cannot read (a clue only in another province)', async () => {
    const elsewhere = await create(t['p2-officer']!, 'discipline-case', {
      cadreId: '330101198808080088', cadreName: '钱某', cadreGrade: 'general', source: 'letter', receivedOn: today, category: 'integrity', summary: '反映其收受礼金。',
    });
    await act(t['p2-officer']!, elsewhere.id, 'register');
    expect((await call(instance, t['x-officer']!, { method: 'GET', url: `/api/records/${elsewhere.id}` })).statusCode).toBe(404);
    const opinion = await create(t['x-officer']!, 'integrity-opinion', { cadreId: '330101198808080088', cadreName: '钱某', purpose: 'promotion', requestingUnit: '县公司人事股', requestedOn: today });
    expect(opinion.data.draftConclusion).toBeUndefined();
    expect(opinion.data.draftText).toBeUndefined();
    // A clue of the same person filed in the county's own subtree: the case module's org-wide warning is withheld too.
    const mine = await create(t['x-officer']!, 'discipline-case', {
      cadreId: '330101198808080088', cadreName: '钱某', cadreGrade: 'general', source: 'letter', receivedOn: today, category: 'integrity', summary: '另一反映。',
    });
    expect(mine.warnings.map((w) => w.code)).not.toContain('CASE_CADRE_HAS_OPEN_MATTERS');
    // At HQ, the same question sees the open matters.
    const atHq = await create(t['hq-officer']!, 'integrity-opinion', { cadreId: '330101198808080088', cadreName: '钱某', purpose: 'promotion', requestingUnit: '总部人事部' });
    expect(atHq.data.draftConclusion).toBe('flagged');
  });

  it('refuses dates of past events set in the future, at their field', async () => {
    const tomorrow = new Date(Date.now() + 8 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
    const response = await call(instance, t['x-officer']!, {
      method: 'POST',
      url: '/api/modules/discipline-case/records',
      payload: { data: { cadreId: '320101197808080088', cadreName: '吴某', source: 'letter', receivedOn: tomorrow, category: 'work', summary: '反映问题。' } },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([expect.objectContaining({ path: '/receivedOn', code: 'DATE_IN_FUTURE', message: '受理日期不能晚于今天' })]);
    expect((await create(t['x-officer']!, 'discipline-case', { cadreId: '320101197808080088', cadreName: '吴某', source: 'letter', receivedOn: today, category: 'work', summary: '反映问题。' })).data.receivedOn).toBe(today);
  });

  it('a disposal action sets its own way of disposal: state and data never disagree', async () => {
    const clue = await create(t['x-officer']!, 'discipline-case', {
      cadreId: '320101197707070077', cadreName: '周某', cadreGrade: 'general', source: 'letter', receivedOn: today, category: 'work', summary: '反映其工作作风问题。',
    });
    await act(t['x-officer']!, clue.id, 'register');
    // A county with no unit below is not offered 交办下级; a city with counties below is.
    const offered = async (token: string, id: string) => ((await get(token, id)).availableActions as { action: string }[]).map((a) => a.action);
    expect(await offered(t['x-leader']!, clue.id)).not.toContain('assignDown');
    const cityClue = await create(t['c-officer']!, 'discipline-case', {
      cadreId: '320101197909090099', cadreName: '郑某', cadreGrade: 'general', source: 'letter', receivedOn: today, category: 'work', summary: '反映其工作作风问题。',
    });
    await act(t['c-officer']!, cityClue.id, 'register');
    expect(await offered(t['c-leader']!, cityClue.id)).toContain('assignDown');
    // The dialog once let the leader pick 初步核实 for 谈话函询; the step now sets what it means.
    const talked = await act(t['x-leader']!, clue.id, 'talk', { data: { disposal: 'verify' } });
    expect(talked.state).toBe('talking');
    expect(talked.data.disposal).toBe('talk');
    const actions = (await get(t['x-leader']!, clue.id)).availableActions as { action: string; requires: string[] }[];
    expect(actions.find((a) => a.action === 'verify')!.requires).not.toContain('/disposal');
  });

  it('routes a clue about a cadre above the unit’s authority to the competent unit', async () => {
    const clue = await create(t['x-officer']!, 'discipline-case', {
      cadreId: '320101197505050055', cadreName: '赵刚', cadreGrade: 'division', source: 'letter', receivedOn: today, category: 'work', summary: '反映其违规决策问题。',
    });
    const registered = await act(t['x-officer']!, clue.id, 'register');
    expect(registered).toMatchObject({ state: 'awaitingDisposal', assignedUnit: 'P1', assignedRole: 'leader' });
  });
});

describe('inspection tours', () => {
  it('an inspection team’s findings are imported into the round (titles for codes) and hand their clues over as linked records', async () => {
    const file = [
      '巡察轮次,被巡察单位代码,问题类别,严重程度,问题描述,涉及人员证件号,涉及人员姓名,涉及人员层级,涉嫌违反纪律',
      '2026年第二轮巡察,X111,廉洁风险突出,较重,公务接待超标准。,320101198303030044,周明,general,廉洁纪律',
      '2026年第二轮巡察,X111,leadership,一般,学习制度落实不到位。,,,,',
      '2026年第二轮巡察,X111,未知类别,一般,描述,,,,',
    ].join('\r\n');
    const imported = await call(instance, t['p1-officer']!, { method: 'POST', url: '/api/datasets/inspection-findings/import', payload: file, headers: { 'content-type': 'text/csv' } });
    expect(imported.statusCode, imported.body).toBe(200);
    const result = imported.json();
    expect(result).toMatchObject({ created: 2, rejectedRows: 1 });
    expect(result.rejected[0]).toMatchObject({ row: 4, column: 'CATEGORY', code: 'FW_DATASET_IMPORT_CODE' });
    const [rows] = await instance.db.sequelize.query("SELECT id, state, data FROM records WHERE module_key = 'inspection-finding' AND data->>'cadreName' = '周明'");
    const finding = (rows as { id: string; state: string; data: Record<string, unknown> }[])[0]!;
    expect(finding).toMatchObject({ state: 'recorded', data: { round: '2026年第二轮巡察', category: 'integrity-risk', severity: 'serious', discipline: 'integrity' } });
    await act(t['p1-leader']!, finding.id, 'confirm');
    const handed = await act(t['p1-leader']!, finding.id, 'handClue');
    const clue = await get(t['p1-leader']!, handed.data.clueRecordId as string);
    expect(clue).toMatchObject({ key: 'discipline-case', data: { source: 'inspection', cadreName: '周明', category: 'integrity', findingId: finding.id } });
    expect(clue.links.finding).toEqual([expect.objectContaining({ id: finding.id })]);
  });

  it('a finding hands a linked clue over and assigns a rectification task that escalates when overdue', async () => {
    const finding = await create(t['p1-officer']!, 'inspection-finding', {
      round: '2026年第一轮巡察', targetUnit: 'X111', category: 'integrity-risk', severity: 'serious', description: '违规发放津贴补贴。',
      cadreId: '320101198303030033', cadreName: '孙伟', cadreGrade: 'general', discipline: 'integrity',
    });
    await act(t['p1-leader']!, finding.id, 'confirm');
    const handed = await act(t['p1-leader']!, finding.id, 'handClue');
    const clueId = handed.data.clueRecordId as string;
    expect(clueId).toMatch(/^[0-9a-f-]{36}$/);
    const clue = await get(t['p1-leader']!, clueId);
    expect(clue).toMatchObject({ key: 'discipline-case', unitCode: 'P1', state: 'registered', data: { source: 'inspection', cadreName: '孙伟', category: 'integrity', receivedOn: today } });
    expect(clue.data.summary).toBe('巡察移交：违规发放津贴补贴。');

    const assigned = await act(t['p1-leader']!, finding.id, 'assignRectification', { data: { rectificationDue: yesterday, rectificationRequirement: '清退违规发放的补贴，完善制度。' } });
    const taskId = assigned.data.rectificationRecordId as string;
    const task = await get(t['x-officer']!, taskId);
    expect(task).toMatchObject({ key: 'rectification-task', unitCode: 'X111', state: 'assigned', data: { findingId: finding.id, dueDate: yesterday } });
    const xInbox = (await call(instance, t['x-officer']!, { method: 'GET', url: '/api/inbox' })).json();
    expect(xInbox.tasks.map((x: { id: string }) => x.id)).toContain(taskId);

    // Due yesterday: the deadline job fires at once and the rectification is escalated.
    let history: { kind: string; details: Record<string, unknown> }[] = [];
    for (let i = 0; i < 60 && !history.some((h) => h.kind === 'escalate'); i++) {
      await new Promise((r) => setTimeout(r, 250));
      history = (await call(instance, t['x-officer']!, { method: 'GET', url: `/api/records/${taskId}/history` })).json();
    }
    expect(history.find((h) => h.kind === 'escalate')!.details).toMatchObject({ rule: 'overdueEscalates', to: 'C11' });
    expect((await get(t['x-officer']!, taskId)).overdue).toBe(true);
    const cInbox = (await call(instance, t['c-leader']!, { method: 'GET', url: '/api/inbox' })).json();
    expect(cInbox.notifications.map((n: { message: { 'zh-CN': string } }) => n.message['zh-CN'])).toContain('整改任务逾期未完成，请上级督办');
  });
});

describe('feedback', () => {
  it('goes to the administrators of the unit above, who answer it', async () => {
    const feedback = await create(t['x-officer']!, 'feedback', { kind: 'suggestion', subject: '增加导出', description: '希望导出线索台账。' });
    const submitted = await act(t['x-officer']!, feedback.id, 'submit');
    expect(submitted).toMatchObject({ assignedUnit: 'C11', assignedRole: 'admin' });
    const answered = await act(t['c-admin']!, feedback.id, 'answer', { data: { response: '下一版本提供。' } });
    expect(answered.state).toBe('answered');
  });
});
