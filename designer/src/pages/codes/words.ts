/** The codes tab's words (with the designer's and the kit's). */
import { defineWords } from '../../../../runtime/web/kit/i18n';
import { DESIGNER_WORDS } from '../../words';

export const CODES_WORDS = {
  ...DESIGNER_WORDS,
  codesIntro: [
    '每个代码项有代码、中文名称和英文名称。已发布的代码不能删除或改代码，只能“停用”：已有记录仍然有效，新填写时不再提供。',
    'Each code has a code and Chinese and English names. A published code cannot be removed or recoded, only retired: records that hold it stay valid, new entries no longer offer it.',
  ],
  code: ['代码', 'Code'],
  nameZh: ['中文名称', 'Chinese name'],
  nameEn: ['英文名称', 'English name'],
  status: ['状态', 'Status'],
  inUse: ['启用', 'In use'],
  retiredTag: ['已停用', 'Retired'],
  newTag: ['新增', 'New'],
  addCode: ['添加代码项', 'Add a code'],
  retire: ['停用', 'Retire'],
  reinstate: ['恢复启用', 'Reinstate'],
  moveUp: ['上移', 'Move up'],
  moveDown: ['下移', 'Move down'],
  deleteCode: ['删除', 'Delete'],
  emptyCode: ['代码不能为空', 'The code is empty'],
  duplicateCode: ['代码重复', 'The code is used twice'],
  emptyTitle: ['请填写中文名称', 'Give a Chinese name'],
  missingTitle: ['已发布的代码 {codes} 在草稿中被删除，已有记录会因此无效', 'Published codes {codes} were removed from the draft; records holding them would become invalid'],
  restoreMissing: ['恢复为“已停用”', 'Put them back, retired'],
  publishedFixed: ['已发布的代码不可修改', 'A published code cannot change'],
  codeCount: ['共 {n} 项，启用 {live} 项', '{n} codes, {live} in use'],
} as const;

export const useCodesWords = defineWords(CODES_WORDS);
