/** The administration screens' pure logic: landing, subtrees and moves, filing decisions, the password policy, verdicts, spreadsheets. */
import { describe, expect, it } from 'vitest';
import {
  administersOnly,
  decidesFiling,
  explainVerdict,
  moveTargets,
  passwordProblems,
  sheetRows,
  subtreeOf,
  toCsv,
  unitTreeNodes,
} from '../../runtime/web/src/pages/admin/admin-logic';
import { actionName, detailValue, targetLabel } from '../../runtime/web/src/pages/admin/audit-words';
import { passwordWeakness } from '../../runtime/src/config.js';

const units = [
  { code: 'HQ', name: '总部', parentCode: null, level: 1 },
  { code: 'P1', name: '甲省', parentCode: 'HQ', level: 2 },
  { code: 'C11', name: '甲市', parentCode: 'P1', level: 3 },
  { code: 'X111', name: '甲县', parentCode: 'C11', level: 4 },
  { code: 'C12', name: '乙市', parentCode: 'P1', level: 3 },
  { code: 'P2', name: '乙省', parentCode: 'HQ', level: 2 },
];

describe('administration logic', () => {
  it('lands administrators and auditors with no other role on the administration home', () => {
    expect(administersOnly(['admin'])).toBe(true);
    expect(administersOnly(['auditor', 'admin'])).toBe(true);
    expect(administersOnly(['admin', 'officer'])).toBe(false);
    expect(administersOnly([])).toBe(false);
  });

  it('a move carries the subtree, and goes nowhere inside it or to the same parent', () => {
    expect(subtreeOf(units, 'P1').map((u) => u.code)).toEqual(['P1', 'C11', 'C12', 'X111']);
    expect(subtreeOf(units, 'nope')).toEqual([]);
    expect(moveTargets(units, 'C11').map((u) => u.code)).toEqual(['HQ', 'C12', 'P2']);
    const tree = unitTreeNodes(units.filter((u) => u.code !== 'HQ'));
    expect(tree.map((n) => n.key)).toEqual(['P1', 'P2']);
    expect(tree[0]!.children.map((n) => n.key)).toEqual(['C11', 'C12']);
  });

  it('filings are decided from a unit above only (the root decides its own)', () => {
    expect(decidesFiling(units, 'P1', 'C11')).toBe(true);
    expect(decidesFiling(units, 'P1', 'X111')).toBe(true);
    expect(decidesFiling(units, 'C11', 'C11')).toBe(false);
    expect(decidesFiling(units, 'C11', 'P2')).toBe(false);
    expect(decidesFiling(units, 'HQ', 'HQ')).toBe(true);
  });

  it('the password rules agree with the server policy', () => {
    for (const [password, username] of [
      ['short', undefined],
      ['alllowercase1', undefined],
      ['Abcdefgh-12', 'abcdef'],
      ['Formwork-Demo-2026', 'js0101-officer'],
      ['x'.repeat(300), undefined],
      ['Aa1-' + 'x'.repeat(300), undefined],
    ] as const) {
      expect(passwordProblems(password, username).length > 0, password).toBe(passwordWeakness(password, username) !== undefined);
    }
    expect(passwordProblems('short')).toContain('length');
    expect(passwordProblems('Abcdefgh-12', 'abcdef')).toEqual(['username']);
  });

  it('explains a verdict in Chinese and English', () => {
    expect(explainVerdict({ ok: true, entries: 12, sealed: true, checkpoints: 2 }, 'zh-CN')).toBe('审计链完整：共核验 12 条记录，已用审计密钥核验签章，2 个检查点核验无误。');
    const broken = explainVerdict({ ok: false, entries: 4, brokenAt: 5, reason: 'content', sealed: true, checkpoints: 0 }, 'zh-CN');
    expect(broken).toContain('第 5 号条目');
    expect(broken).toContain('内容被改动');
    expect(explainVerdict({ ok: false, entries: 0, brokenAt: 1, reason: 'truncated', sealed: false, checkpoints: 0 }, 'en')).toContain('Truncated');
  });

  it('names audit actions and targets without raw codes', () => {
    expect(actionName('user.approve', 'zh-CN')).toBe('批准新用户');
    expect(actionName('record.somethingNew', 'zh-CN')).toBe('业务记录（record.somethingNew）');
    expect(targetLabel('unit:P1', 'zh-CN', (c) => (c === 'P1' ? '甲省' : c))).toBe('单位 甲省');
    expect(targetLabel('record:0b7e1c2a-1111-4222-8333-444455556666', 'zh-CN')).toBe('记录 0b7e1c2a…');
    expect(targetLabel(null, 'en')).toBe('');
    expect(detailValue('to', 'active', 'zh-CN', (r) => r)).toBe('正常');
    expect(detailValue('after', ['officer', 'leader'], 'zh-CN', (r) => (r === 'officer' ? '经办人' : '审批领导'))).toBe('经办人、审批领导');
    expect(detailValue('reason', 'x', 'en', (r) => r)).toBe('x');
  });

  it('turns a worksheet into CSV lines numbered as its rows', () => {
    const shared = '<sst><si><t>code</t></si><si><t>name</t></si><si><r><t>甲</t></r><r><t>县, "新"</t></r></si></sst>';
    const sheet =
      '<worksheet><sheetData>' +
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>parentCode</t></is></c></row>' +
      '<row r="2"><c r="A2"><v>101</v></c><c r="B2" t="s"><v>2</v></c><c r="C2" t="inlineStr"><is><t>C&amp;1</t></is></c></row>' +
      '<row r="3"><c r="A3" t="inlineStr"><is><t>X2</t></is></c><c r="C3" t="inlineStr"><is><t>C1</t></is></c></row>' +
      '</sheetData></worksheet>';
    const rows = sheetRows(sheet, shared);
    expect(rows).toEqual([
      ['code', 'name', 'parentCode'],
      ['101', '甲县, "新"', 'C&1'],
      ['X2', '', 'C1'],
    ]);
    expect(toCsv(rows)).toBe('code,name,parentCode\n101,"甲县, ""新""",C&1\nX2,,C1\n');
  });
});
