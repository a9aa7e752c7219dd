/**
 * A roll-up as a spreadsheet in the template's layout: one row per field in form order (the
 * template's sections as bold rows), columns for the subtree's total, the previous period and
 * the change, the unit's own report and each child unit — the sheet a statistics office files.
 */
import ExcelJS from 'exceljs';
import { pick, type LayoutEntry, type Locale, type LocalizedText } from '../../../engine/src/index.js';
import type { RollupResult } from '../api/reports.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const WORDS = {
  summary: { 'zh-CN': '汇总表', en: 'roll-up' },
  unit: { 'zh-CN': '汇总单位', en: 'Unit' },
  period: { 'zh-CN': '报告期', en: 'Period' },
  basis: { 'zh-CN': '统计口径', en: 'Counted' },
  approved: { 'zh-CN': '已审核的报表', en: 'approved reports' },
  submitted: { 'zh-CN': '已上报（含已审核）的报表', en: 'submitted and approved reports' },
  item: { 'zh-CN': '项目', en: 'Item' },
  total: { 'zh-CN': '合计', en: 'Total' },
  previous: { 'zh-CN': '上期', en: 'Previous' },
  change: { 'zh-CN': '增减', en: 'Change' },
  changePct: { 'zh-CN': '增减幅度', en: 'Change %' },
  own: { 'zh-CN': '本级', en: 'Own' },
  reports: { 'zh-CN': '报表数（已计入/应报）', en: 'Reports (counted/assigned)' },
  generated: { 'zh-CN': '生成时间', en: 'Generated' },
} satisfies Record<string, Required<LocalizedText>>;

export async function rollupWorkbook(
  result: RollupResult,
  layout: readonly LayoutEntry[],
  title: LocalizedText,
  options: { locale: Locale; generatedAt: string },
): Promise<Buffer> {
  const { locale } = options;
  const w = (word: keyof typeof WORDS) => WORDS[word][locale];
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Formwork';
  const sheet = workbook.addWorksheet(result.period, { views: [{ state: 'frozen', xSplit: 1, ySplit: 4 }] });

  const columns: { header: string; values: (path: string) => number | null; reports?: string }[] = [
    { header: w('total'), values: (p) => result.total.values[p] ?? null, reports: `${result.total.reports}/${result.total.assigned}` },
    { header: `${w('previous')}（${result.previousPeriod}）`, values: (p) => result.previous.values[p] ?? null, reports: String(result.previous.reports) },
    { header: w('change'), values: (p) => result.change[p]?.absolute ?? null },
    { header: w('changePct'), values: (p) => result.change[p]?.relative ?? null },
    ...(result.own ? [{ header: w('own'), values: (p: string) => result.own!.values[p] ?? null, reports: `${result.own.reports}/${result.own.assigned}` }] : []),
    ...result.children.map((c) => ({ header: c.name, values: (p: string) => c.values[p] ?? null, reports: `${c.reports}/${c.assigned}` })),
  ];
  const width = columns.length + 1;

  sheet.mergeCells(1, 1, 1, width);
  sheet.getCell(1, 1).value = `${pick(title, locale)} ${w('summary')}`;
  sheet.getCell(1, 1).font = { bold: true, size: 14 };
  sheet.getCell(1, 1).alignment = { horizontal: 'center' };
  sheet.mergeCells(2, 1, 2, width);
  sheet.getCell(2, 1).value = [
    `${w('unit')}：${result.unit.name}（${result.unit.code}）`,
    `${w('period')}：${result.period}`,
    `${w('basis')}：${w(result.include)}`,
    `${w('generated')}：${options.generatedAt}`,
  ].join('    ');
  sheet.getRow(3).values = [w('item'), ...columns.map((c) => c.header)];
  sheet.getRow(3).font = { bold: true };
  sheet.getRow(4).values = [w('reports'), ...columns.map((c) => c.reports ?? '')];

  const rolled = new Set(result.fields.map((f) => f.path));
  const shown = layout.filter((e) => (e.kind === 'field' ? rolled.has(e.pointer) : [...rolled].some((p) => p.startsWith(`${e.pointer}/`))));
  for (const entry of shown) {
    const label = `${'　'.repeat(entry.depth)}${pick(entry.label, locale)}`;
    const row = sheet.addRow(entry.kind === 'section' ? [label] : [label, ...columns.map((c) => c.values(entry.pointer))]);
    if (entry.kind === 'section') row.font = { bold: true };
    else row.getCell(5).numFmt = '0.0%';
  }
  sheet.getColumn(1).width = 36;
  for (let i = 2; i <= width; i++) sheet.getColumn(i).width = 14;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
