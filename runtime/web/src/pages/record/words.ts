/** The record page's words (the kit's shared words come with them: see kit/i18n). */
import { defineWords } from '../../../kit/i18n';

/** The record page's words hook. */
export const useRecordWords = defineWords({
  save: ['保存草稿', 'Save draft'],
  create: ['保存', 'Save'],
  saved: ['已保存', 'Saved'],
  back: ['返回上级', 'Up'],
  holder: ['办理单位', 'Held by'],
  comment: ['办理意见', 'Comment'],
  commentRequired: ['请填写办理意见', 'A comment is required'],
  handTo: ['交办单位', 'Hand to unit'],
  stepNeeds: ['此步骤需要填写以下内容', 'This step needs the following'],
  actionDone: ['已办理', 'Done'],
  history: ['办理记录', 'History'],
  attachments: ['附件', 'Attachments'],
  upload: ['上传附件', 'Upload'],
  noAttachments: ['暂无附件', 'No attachments'],
  linked: ['关联信息', 'Linked records'],
  newLinked: ['新建「{title}」', 'New "{title}"'],
  prefilled: ['系统预填', 'Pre-filled'],
  prefillSources: ['预填数据来源', 'Where pre-filled figures come from'],
  field: ['指标', 'Figure'],
  viewRecords: ['查看明细', 'Show records'],
  frozenFigure: ['报送数', 'As submitted'],
  liveFigure: ['现值', 'Now'],
  frozenNote: ['报表已上报，所填数字已锁定；「现值」为按当前记录重新统计的数字，仅供参考', 'The report has been submitted and its figures are locked; "Now" counts the records as they are today, for reference only'],
  summary: ['摘要', 'Summary'],
  submitFrom: ['本期尚未结束，{date} 起可上报', 'The period has not ended: the report can be submitted from {date}'],
} as const);
