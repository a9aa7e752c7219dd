/** The reports page's words (the kit's shared words come with them: see kit/i18n). */
import { defineWords } from '../../../kit/i18n';

const REPORT_WORDS = {
  noPeriods: ['尚未下发填报任务', 'Nothing assigned yet'],
  myReports: ['本单位填报', 'My reports'],
  progress: ['填报进度', 'Progress'],
  rollup: ['汇总', 'Roll-up'],
  assign: ['下发填报任务', 'Assign'],
  level: ['单位层级', 'Unit level'],
  levels: ['第 {n} 级', 'Level {n}'],
  assigned: ['应报', 'Assigned'],
  notStarted: ['未填报', 'Not started'],
  draft: ['填报中', 'Draft'],
  submitted: ['待审核', 'Submitted'],
  approved: ['已审核', 'Approved'],
  onTime: ['按时', 'On time'],
  late: ['逾期', 'Late'],
  pending: ['未到期', 'Not yet due'],
  reportingRate: ['上报率', 'Reporting rate'],
  onTimeRate: ['及时率', 'On-time rate'],
  approvalRate: ['审核率', 'Approval rate'],
  total: ['合计', 'Total'],
  own: ['本级', 'Own'],
  previous: ['上期', 'Previous'],
  change: ['增减', 'Change'],
  includeSubmitted: ['含待审核', 'Include submitted'],
  exportXlsx: ['导出 Excel', 'Export Excel'],
  item: ['项目', 'Item'],
  chart: ['图表', 'Chart'],
  review: ['审核', 'Review'],
  bulkSelected: ['已选 {n} 份', '{n} selected'],
  bulkApprove: ['批量通过', 'Approve selected'],
  bulkReturn: ['批量退回', 'Return selected'],
  bulkApproveTitle: ['审核通过所选的 {n} 份报表', 'Approve the {n} selected reports'],
  bulkReturnTitle: ['退回所选的 {n} 份报表', 'Return the {n} selected reports'],
  bulkDone: ['已办理 {n} 份', '{n} done'],
  bulkFailed: ['{n} 份未能办理', '{n} could not be done'],
  commentRequired: ['请填写退回意见（必填）', 'Why they go back (required)'],
  commentOptional: ['审核意见（可不填）', 'Comment (optional)'],
} as const;

/** A word of the reports page's own table. */
export type ReportWord = keyof typeof REPORT_WORDS;

/** The reports page's words hook. */
export const useReportWords = defineWords(REPORT_WORDS);
