/** The data-quality measures as the assessment workbook: one line per child unit, the unit's own and the total, Chinese headers. */
import ExcelJS from 'exceljs';
import type { QualityResult, QualityRow } from '../api/quality.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Columns in sheet order: header and how to read the figure off a row. */
export const QUALITY_COLUMNS: readonly { header: string; value: (row: QualityRow) => string | number | null; width?: number }[] = [
  { header: '单位编码', value: (r) => r.code, width: 14 },
  { header: '单位名称', value: (r) => r.name, width: 24 },
  { header: '录入数', value: (r) => r.records },
  { header: '录入时长中位数（天）', value: (r) => r.entryLagMedianDays },
  { header: '超期录入数', value: (r) => r.lateEntries },
  { header: '超期录入占比', value: (r) => r.lateShare },
  { header: '当前逾期数', value: (r) => r.overdueNow },
  { header: '期内逾期数', value: (r) => r.missedDeadlines },
  { header: '长期未动草稿数', value: (r) => r.staleDrafts },
  { header: '应报报表数', value: (r) => r.reportsDue },
  { header: '按时上报数', value: (r) => r.reportsOnTime },
  { header: '迟报数', value: (r) => r.reportsLate },
  { header: '已上报数', value: (r) => r.reportsSubmitted },
  { header: '审核通过数', value: (r) => r.reportsApproved },
  { header: '审核通过率', value: (r) => r.approvalRate },
  { header: '退回修改数', value: (r) => r.returned },
  { header: '未处理警示数', value: (r) => r.openWarnings },
  { header: '用户数', value: (r) => r.users },
  { header: '活跃用户数', value: (r) => r.activeUsers },
  { header: '最近登录时间', value: (r) => r.lastSignInAt, width: 26 },
];

/** The workbook of a quality result: a title line, the headers, the children, the unit's own line and the total. */
export async function qualityWorkbook(result: QualityResult): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Formwork';
  const sheet = workbook.addWorksheet('数据质量', { views: [{ state: 'frozen', xSplit: 2, ySplit: 2 }] });
  const span = result.period.key ?? `${result.period.from} 至 ${result.period.to}`;
  sheet.addRow([`${result.unit.name} 数据质量（${span}，${result.period.from} 至 ${result.period.to}）`]).font = { bold: true };
  const header = sheet.addRow(QUALITY_COLUMNS.map((c) => c.header));
  header.font = { bold: true };
  const line = (row: QualityRow, name = row.name) => sheet.addRow(QUALITY_COLUMNS.map((c, i) => (i === 1 ? name : c.value(row))));
  for (const child of result.children) line(child);
  line(result.own, `${result.own.name}（本级）`);
  line(result.total, '合计').font = { bold: true };
  QUALITY_COLUMNS.forEach((c, i) => (sheet.getColumn(i + 1).width = c.width ?? 14));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
