/** Import files read into tables, and their rows mapped through a dataset's columns (pure). */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { FormworkError } from '../../engine/src/index.js';
import { cellToValue, columnOfPath, dayOf, matchHeader, rowData, unneutralise } from '../../runtime/src/datasets/import-map.js';
import { formatOf, formatOfFile, parseImport } from '../../runtime/src/datasets/import-parse.js';
import type { PlannedColumn } from '../../runtime/src/datasets/dataset-rows.js';

const title = (zh: string) => ({ 'zh-CN': zh, en: zh });
const columns: PlannedColumn[] = [
  { code: 'UNIT', title: title('单位代码'), type: 'string', source: '@unitCode', codes: [] },
  { code: 'ID', title: title('记录编号'), type: 'string', source: '@id', codes: [] },
  { code: 'TITLE', title: title('标题'), type: 'string', source: '/title', codes: [] },
  {
    code: 'KIND',
    title: title('来源'),
    type: 'string',
    source: '/kind',
    map: { letter: '01', visit: '02' },
    codes: [
      { code: '01', title: title('来信'), deprecated: false },
      { code: '02', title: title('来访'), deprecated: false },
    ],
  },
  { code: 'LEVEL', title: title('级别'), type: 'integer', source: '/level', codes: [{ code: 1, title: title('一级'), deprecated: false }] },
  { code: 'ON', title: title('日期'), type: 'date', source: '/case/on', codes: [] },
  { code: 'N', title: title('数量'), type: 'integer', source: '/n', codes: [] },
  { code: 'OK', title: title('是否'), type: 'boolean', source: '/ok', codes: [] },
  { code: 'TAGS', title: title('标签'), type: 'array', source: '/tags', codes: [{ code: 'a', title: title('甲'), deprecated: false }, { code: 'b', title: title('乙'), deprecated: false }] },
];
const col = (code: string) => columns.find((c) => c.code === code)!;

describe('import mapping', () => {
  it('matches headers by code or Chinese title, ignores the title columns exports write beside coded ones, names unknown ones', () => {
    const { matches, unknown } = matchHeader(['UNIT', '标题', 'KIND_TITLE', '来源（名称）', '颜色', ''], columns);
    expect(matches.map((m) => ('column' in m ? m.column.code : 'ignored' in m ? '-' : '?'))).toEqual(['UNIT', 'TITLE', '-', '-', '?', '-']);
    expect(unknown).toEqual(['颜色']);
  });

  it('reverses the value → code map and accepts titles for codes; an unknown code names the allowed ones', () => {
    expect(cellToValue('01', col('KIND'))).toEqual({ value: 'letter' });
    expect(cellToValue('来访', col('KIND'))).toEqual({ value: 'visit' });
    expect(cellToValue('1', col('LEVEL'))).toEqual({ value: 1 });
    expect(cellToValue('一级', col('LEVEL'))).toEqual({ value: 1 });
    expect(cellToValue('甲;乙', col('TAGS'))).toEqual({ value: ['a', 'b'] });
    expect(cellToValue('03', col('KIND'))).toEqual({ problem: { code: 'FW_DATASET_IMPORT_CODE', params: { column: col('KIND').title, value: '03', allowed: '01（来信）、02（来访）' } } });
  });

  it('reads numbers, booleans and dates from text and Excel', () => {
    expect(cellToValue('1,200', col('N'))).toEqual({ value: 1200 });
    expect(cellToValue('1.5', col('N'))).toMatchObject({ problem: { code: 'FW_DATASET_IMPORT_TYPE' } });
    expect(cellToValue('是', col('OK'))).toEqual({ value: true });
    expect(cellToValue('FALSE', col('OK'))).toEqual({ value: false });
    expect(cellToValue('也许', col('OK'))).toMatchObject({ problem: { code: 'FW_DATASET_IMPORT_TYPE' } });
    expect(dayOf('2026/3/5')).toBe('2026-03-05');
    expect(dayOf('2026年3月5日')).toBe('2026-03-05');
    expect(dayOf('2026-02-30')).toBeUndefined();
    expect(dayOf(46086)).toBe('2026-03-05');
    expect(dayOf(new Date(Date.UTC(2026, 2, 5)))).toBe('2026-03-05');
  });

  it('makes a row into data: pointers set, @unitCode and @id (the record a keyed import updates) taken, other attributes and empty cells left out, neutralised text restored', () => {
    const header = ['UNIT', 'ID', 'TITLE', 'ON', 'N'];
    const { matches } = matchHeader(header, columns);
    const row = rowData({ UNIT: 'C11', ID: 'x', TITLE: "'=1+2", ON: '2026-03-05', N: '' }, header, matches);
    expect(row).toEqual({ data: { title: '=1+2', case: { on: '2026-03-05' } }, unitCode: 'C11', recordId: 'x', problems: [] });
    expect(rowData({ UNIT: 'C11', ID: ' ', TITLE: 't', ON: '', N: '' }, header, matches)).not.toHaveProperty('recordId');
    expect(unneutralise("'@x")).toBe('@x');
    expect(unneutralise("'plain")).toBe("'plain");
  });

  it('finds the column a problem’s path lies in', () => {
    expect(columnOfPath('/case/on', columns)).toBe('ON');
    expect(columnOfPath('/tags/1', columns)).toBe('TAGS');
    expect(columnOfPath('/other', columns)).toBeUndefined();
  });
});

describe('import files', () => {
  it('knows the formats by content type and file name', () => {
    expect(formatOf('text/csv; charset=utf-8')).toBe('csv');
    expect(formatOf('application/x-ndjson')).toBe('jsonl');
    expect(formatOf('application/json')).toBeUndefined();
    expect(formatOfFile('行.XLSX')).toBe('xlsx');
  });

  it('reads CSV with or without a BOM, numbering rows as a spreadsheet does and skipping blank lines', async () => {
    const table = await parseImport(Buffer.from('\ufeffA,B\r\n1,"x,y"\r\n\r\n2,\r\n'), 'csv');
    expect(table).toEqual({ header: ['A', 'B'], rows: [{ row: 2, cells: { A: '1', B: 'x,y' } }, { row: 4, cells: { A: '2', B: '' } }] });
  });

  it('refuses text that is not UTF-8, NUL characters and broken files with the reason', async () => {
    await expect(parseImport(Buffer.from([0x41, 0x0d, 0x0a, 0xb2, 0xe2]), 'csv')).rejects.toMatchObject({ code: 'FW_DATASET_IMPORT_FORMAT' });
    await expect(parseImport(Buffer.from('A\r\nx\u0000'), 'csv')).rejects.toMatchObject({ code: 'FW_REQ_BAD_TEXT', problems: [{ path: '/lines/2' }] });
    await expect(parseImport(Buffer.from('{"A":1}\n[1]\n'), 'jsonl')).rejects.toBeInstanceOf(FormworkError);
    await expect(parseImport(Buffer.from('no'), 'xlsx')).rejects.toMatchObject({ code: 'FW_DATASET_IMPORT_FORMAT' });
  });

  it('refuses XLSX text PostgreSQL could not store (a NUL escaped as _x0000_, which the reader decodes)', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('行');
    sheet.addRow(['A']);
    sheet.addRow(['x_x0000_y']);
    await expect(parseImport(Buffer.from(await book.xlsx.writeBuffer()), 'xlsx')).rejects.toMatchObject({ code: 'FW_REQ_BAD_TEXT', problems: [{ path: '/rows/2/1' }] });
  });

  it('reads the first sheet of an XLSX file, dates as Excel shows them', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('行');
    sheet.addRow(['A', 'ON']);
    sheet.addRow(['甲', new Date(Date.UTC(2026, 2, 5))]);
    sheet.addRow([]);
    sheet.addRow([{ richText: [{ text: '乙' }, { text: '丙' }] }, 3]);
    const table = await parseImport(Buffer.from(await book.xlsx.writeBuffer()), 'xlsx');
    expect(table.header).toEqual(['A', 'ON']);
    expect(table.rows).toEqual([
      { row: 2, cells: { A: '甲', ON: new Date(Date.UTC(2026, 2, 5)) } },
      { row: 4, cells: { A: '乙丙', ON: 3 } },
    ]);
  });
});
