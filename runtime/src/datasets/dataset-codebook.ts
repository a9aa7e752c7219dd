/** A dataset's codebook as a spreadsheet: one sheet of columns, one of codes; a linked table's rows name their table. */
import ExcelJS from 'exceljs';
import type { DatasetView } from '../api/datasets.js';

const TYPE_WORDS: Record<string, string> = { string: '文本', integer: '整数', number: '数值', boolean: '是/否', date: '日期', 'date-time': '日期时间', array: '列表', object: '对象' };

export async function codebookXlsx(dataset: DatasetView): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  // The dataset's own columns, then each linked table's (the last cell names the table and its file).
  const tables = [{ name: null, columns: dataset.columns }, ...dataset.tables.map((t) => ({ name: `${t.name}（${t.title['zh-CN']}）`, columns: t.columns }))];
  const columns = book.addWorksheet('字段');
  columns.addRow(['字段代码', '中文名称', 'English title', '类型', '来源', '关联表']).font = { bold: true };
  for (const table of tables) for (const c of table.columns) columns.addRow([c.code, c.title['zh-CN'], c.title.en, TYPE_WORDS[c.type] ?? c.type, c.source, table.name]);
  columns.columns.forEach((col) => (col.width = 24));
  const codes = book.addWorksheet('代码');
  codes.addRow(['字段代码', '代码', '中文名称', 'English title', '已停用', '关联表']).font = { bold: true };
  for (const table of tables) for (const c of table.columns) for (const code of c.codes) codes.addRow([c.code, code.code, code.title['zh-CN'], code.title.en, code.deprecated ? '是' : null, table.name]);
  codes.columns.forEach((col) => (col.width = 22));
  return Buffer.from(await book.xlsx.writeBuffer());
}
