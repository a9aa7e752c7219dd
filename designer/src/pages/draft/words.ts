/** The draft page's words (with the designer's and the kit's). */
import { defineWords } from '../../../../runtime/web/kit/i18n';
import { DESIGNER_WORDS } from '../../words';

export const DRAFT_WORDS = {
  ...DESIGNER_WORDS,
  toCatalogue: ['返回目录', 'Catalogue'],
  revising: ['修改自第 {n} 版', 'Revises version {n}'],
  newTemplate: ['新模板', 'New template'],
  tabBuilder: ['表单设计', 'Form'],
  tabCodes: ['代码项', 'Codes'],
  tabReport: ['报表设置', 'Report'],
  tabWorkflow: ['流程与权限', 'Workflow and access'],
  tabSettings: ['基本信息', 'Settings'],
  tabTranslations: ['中英文对照', 'Translations'],
  tabRules: ['业务规则', 'Rules'],
  tabTests: ['测试用例', 'Tests'],
  tabJson: ['JSON', 'JSON'],
  checkPublish: ['检查并发布', 'Check and publish'],
  importNotes: ['导入时做了以下转换', 'The import converted the following'],
  conflictTitle: ['草稿已被他人修改', 'Someone else saved this draft'],
  conflictText: [
    '在您编辑期间，有人保存了这份草稿的新版本。您的修改都还在本页中，请选择如何继续：',
    'While you were editing, someone saved a newer version of this draft. Your edits are all still here; choose how to go on:',
  ],
  conflictTheirs: ['载入对方的版本（我的修改可用“撤销”找回）', 'Load theirs (undo brings mine back)'],
  conflictMine: ['保留我的版本（覆盖对方的修改）', 'Keep mine (overwrite theirs)'],
  draftGone: ['这份草稿已不存在（可能已发布或被删除）', 'This draft is gone (published or withdrawn)'],
  description: ['说明', 'Description'],
  descriptionEn: ['英文说明', 'English description'],
  moduleKey: ['模板标识', 'Key'],
  moduleKeyFixed: ['已发布的模板标识不可更改', 'A published template keeps its key'],
  kindName: ['模板类型', 'Kind'],
  basis: ['基于', 'Based on'],
} as const;

export const useDraftWords = defineWords(DRAFT_WORDS);
