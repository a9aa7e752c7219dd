/** The 数据质量 page's words (the kit's shared words come with them: see kit/i18n). */
import { defineWords } from '../../../kit/i18n';

export const useQualityWords = defineWords({
  title: ['数据质量', 'Data quality'],
  unitColumn: ['单位', 'Unit'],
  own: ['本级', 'own'],
  total: ['合计', 'Total'],
  records: ['录入数', 'Entered'],
  lag: ['录入时长中位数（天）', 'Entry lag, median (days)'],
  late: ['超期录入', 'Late entries'],
  overdueNow: ['当前逾期', 'Overdue now'],
  missed: ['期内逾期', 'Deadlines missed'],
  stale: ['长期未动草稿', 'Stale drafts'],
  reports: ['报表按时/应报', 'Reports on time / due'],
  reportsLate: ['迟报报表', 'Late reports'],
  approval: ['审核通过率', 'Approval rate'],
  returned: ['退回修改', 'Returned'],
  openWarnings: ['未处理警示', 'Open warnings'],
  active: ['活跃用户/用户', 'Active users / users'],
  lastSignIn: ['最近登录', 'Last sign-in'],
  exportXlsx: ['导出考核表', 'Export the assessment file'],
  loadFailed: ['数据质量加载失败', 'Could not load the data quality'],
  figureHint: ['点击数字查看对应记录', 'Click a figure to see its records'],
  // The drawer of the records behind a figure.
  behind: ['{unit} · {figure}（{month}）', '{unit} · {figure} ({month})'],
  behindCount: ['共 {total} 条记录', '{total} records'],
  behindSum: ['共 {total} 条记录，合计 {sum} 次', '{total} records, {sum} in all'],
  record: ['记录', 'Record'],
  reason: ['原因', 'Why'],
  noRecords: ['没有对应的记录', 'No records'],
  reasonLag: ['事项日期 {date}，{days} 天后录入（时限 {limit} 天）', 'Entered {days} days after the matter of {date} (limit {limit})'],
  reasonEntered: ['{time} 录入', 'Entered {time}'],
  reasonOverdue: ['已逾期 {days} 天（{time} 起）', 'Overdue for {days} days (since {time})'],
  reasonMissed: ['期内逾期 {count} 次，最近一次 {time}', 'Missed {count} deadline(s), last {time}'],
  reasonStale: ['已 {days} 天未更新（期限 {limit} 天）', 'Untouched for {days} days (limit {limit})'],
  reasonReportLate: ['迟报 {days} 天（{time} 上报）', 'Handed in {days} days late ({time})'],
  reasonReportOut: ['已超期 {days} 天未上报（截止 {time}）', '{days} days past due, not handed in (due {time})'],
  reasonReturned: ['退回修改 {count} 次，最近一次 {time}', 'Returned {count} time(s), last {time}'],
  reasonWarnings: ['{count} 条警示：{list}', '{count} warning(s): {list}'],
  // The trend.
  trend: ['近 12 个月趋势', 'The last 12 months'],
  trendOf: ['{unit}（含下级）', '{unit} (with the units below)'],
  lagCounted: ['计算录入时长的记录数', 'Records with a matter date'],
  lateShare: ['超期录入占比', 'Share of late entries'],
  reportsOnTime: ['按时上报报表', 'Reports on time'],
  activeUsers: ['活跃用户', 'Active users'],
  monthLabel: ['{year}年{month}月', '{month}/{year}'],
} as const);

/** A month key (2026-06) in words: 2026年6月, 6/2026. */
export function useMonthLabel(): (month: string) => string {
  const { t } = useQualityWords();
  return (month) => t('monthLabel', { year: month.slice(0, 4), month: Number(month.slice(5, 7)) });
}
