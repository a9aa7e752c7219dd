/** Rules as sentences: fields, codes, states, levels and roles by their titles; no pointer, code or identifier on a Chinese sentence. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRule } from '../../designer/src/model/rule-model';
import { ruleSentence, sentenceEnv } from '../../designer/src/model/rule-sentence';

const root = path.resolve(import.meta.dirname, '../../definitions/modules');
const shipped = readdirSync(root).map((key) => JSON.parse(readFileSync(path.join(root, key, 'definition.json'), 'utf8')) as Record<string, unknown>);
const codelists = Object.fromEntries(shipped.filter((d) => d.kind === 'codelist').map((d) => [`codelist:${String(d.key)}`, d.schema]));
const moduleTitle = (key: string) => (shipped.find((d) => d.key === key)?.title as { 'zh-CN': string } | undefined)?.['zh-CN'];
const sentences = (key: string, locale: 'zh-CN' | 'en' = 'zh-CN') => {
  const definition = shipped.find((d) => d.key === key)!;
  const env = sentenceEnv(definition, locale, codelists, moduleTitle);
  return Object.fromEntries((definition.rules as { name: string }[]).map((r) => [r.name, ruleSentence(openRule(r), env)]));
};

describe('rules as sentences', () => {
  it('says what the shipped rules do in Chinese, by titles', () => {
    const cases = sentences('discipline-case');
    expect(cases.receivedOnNotInFuture).toBe('如果 受理日期 晚于 今天，则在「受理日期」处报错：受理日期不能晚于今天');
    expect(cases.bureauCadreToHq).toBe('如果 当前状态 为 待处置，并且 干部层级 为 厅局级（总部管理），并且 办理单位层级 低于总部，则转交总部单位审批领导办理（厅局级干部问题线索由总部办理）');
    expect(cases.overdueToUnitAbove).toBe('如果 已逾期 为 是，则升级到上级单位审批领导督办（问题线索办理超过规定时限，请上级督办）');
    expect(cases.sanctionEndDate).toContain('处分决定日期 加 处分影响期（月） 个月');
    expect(cases.sanctionMonths).toContain('属于 党内警告');
    expect(sentences('integrity-archive').giftTotal).toContain('的合计');
    expect(sentences('inspection-finding').handClue).toContain('在「问题线索与案件」中新建一条关联记录');
    expect(sentences('discipline-case', 'en').receivedOnNotInFuture).toBe('If Received on is after Today, then error at "Received on": Received on cannot be after today');
  });

  it('shows no pointer, code or identifier in any Chinese sentence of a shipped rule', () => {
    for (const definition of shipped.filter((d) => Array.isArray(d.rules) && d.rules.length > 0)) {
      for (const [name, sentence] of Object.entries(sentences(String(definition.key)))) {
        expect(sentence, `${String(definition.key)} ${name}`).not.toMatch(/[A-Za-z]{2,}|\/[a-z]|_/);
      }
    }
  });
});
