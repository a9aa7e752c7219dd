/** The dataset screens' pure logic: export queries, a list's filters as export options, periods, rejected rows as CSV, file names. */
import { describe, expect, it } from 'vitest';
import { fileNameOf } from '../../runtime/web/kit/api';
import { DEFAULT_EXPORT, exportExtension, exportPath, exportQuery, filtersOfList, periodOf, typeWords } from '../../runtime/web/kit/datasets/export-logic';
import { importContentType, rejectedCsv, rejectedLines, toCsv } from '../../runtime/web/src/pages/datasets/import-logic';

const columns = [
  { code: 'DISCIPLINE', title: { 'zh-CN': '违纪类型', en: 'Discipline' }, type: 'string' as const, source: '/discipline', codes: [] },
  { code: 'AMOUNT', title: { 'zh-CN': '涉案金额', en: 'Amount' }, type: 'number' as const, source: '/amount', codes: [] },
];

describe('dataset screens logic', () => {
  it('writes an export query with what is set, states comma-separated', () => {
    expect(exportQuery(DEFAULT_EXPORT)).toBe('?format=xlsx&labels=both&header=titles');
    expect(exportQuery({ format: 'csv', labels: 'codes', header: 'codes', unit: 'X111', states: ['filed', 'closed'], period: '2026Q3', from: '', to: undefined })).toBe(
      '?format=csv&labels=codes&header=codes&unit=X111&state=filed%2Cclosed&period=2026Q3',
    );
    // GB18030 is asked for CSV only (the other formats are UTF-8 by definition); UTF-8 is the server's default.
    expect(exportQuery({ format: 'csv', labels: 'titles', header: 'titles', encoding: 'gb18030' })).toBe('?format=csv&labels=titles&header=titles&encoding=gb18030');
    expect(exportQuery({ format: 'xlsx', labels: 'titles', header: 'titles', encoding: 'gb18030' })).toBe('?format=xlsx&labels=titles&header=titles');
    expect(exportQuery({ format: 'csv', labels: 'titles', header: 'titles', encoding: 'utf-8' })).toBe('?format=csv&labels=titles&header=titles');
    expect(exportPath('my cases', { ...DEFAULT_EXPORT, from: '2026-01-01', to: '2026-03-31' })).toBe('/api/datasets/my%20cases?format=xlsx&labels=both&header=titles&from=2026-01-01&to=2026-03-31');
  });

  it('names the download: the format’s extension, or a zip when linked tables make several files (Excel keeps them as sheets)', () => {
    const linked = { tables: [{ name: 'GIFTS', title: { 'zh-CN': '礼品', en: 'Gifts' }, source: '/gifts', columns }] };
    expect(exportExtension('parquet', { tables: [] })).toBe('parquet');
    expect(exportExtension('csv', linked)).toBe('zip');
    expect(exportExtension('parquet', linked)).toBe('zip');
    expect(exportExtension('xlsx', linked)).toBe('xlsx');
  });

  it('takes the list filters that map: unit, a state of the dataset, the creation dates only for a dataset dated by creation', () => {
    const search = new URLSearchParams({ unit: 'C11', state: 'filed', from: '2026-02-28T16:00:00.000Z', to: '2026-03-31T15:59:59.999Z' });
    expect(filtersOfList(search, { dateField: '@createdAt', states: null })).toEqual({
      options: { unit: 'C11', states: ['filed'], from: '2026-03-01', to: '2026-03-31' },
      datesDropped: false,
      fieldsDropped: false,
    });
    const own = filtersOfList(search, { dateField: '/receivedOn', states: ['closed'] });
    expect(own.options).toEqual({ unit: 'C11' });
    expect(own.datesDropped).toBe(true);
    expect(filtersOfList(new URLSearchParams({ filter: '{"discipline":"political"}' }), { dateField: '@createdAt', states: null })).toEqual({ options: {}, datesDropped: false, fieldsDropped: true });
    expect(filtersOfList(new URLSearchParams({ filter: 'not json' }), { dateField: '@createdAt', states: null }).fieldsDropped).toBe(false);
  });

  it('names periods from a kind and a day', () => {
    expect(periodOf('none', '2026-08-15')).toBeUndefined();
    expect(periodOf('year', undefined)).toBeUndefined();
    expect(periodOf('year', '2026-08-15')).toBe('2026');
    expect(periodOf('half', '2026-06-30')).toBe('2026H1');
    expect(periodOf('half', '2026-07-01')).toBe('2026H2');
    expect(periodOf('quarter', '2026-08-15')).toBe('2026Q3');
    expect(periodOf('month', '2026-08-15')).toBe('2026-08');
  });

  it('says column types in words and sends import files with their content type', () => {
    expect(typeWords('date-time', 'zh-CN')).toBe('日期时间');
    expect(typeWords('boolean', 'en')).toBe('Yes/no');
    expect(importContentType('线索.CSV')).toBe('text/csv; charset=utf-8');
    expect(importContentType('a.xlsx')).toContain('spreadsheetml');
    expect(importContentType('a.jsonl')).toBe('application/x-ndjson');
    expect(importContentType('a.xls')).toBeUndefined();
  });

  it('shows rejected rows with column titles and writes them as CSV for Excel', () => {
    const lines = rejectedLines(
      [
        { row: 3, column: 'DISCIPLINE', code: 'FW_DATASET_IMPORT_CODE', message: '“违纪类型”应为以下之一：政治纪律、组织纪律' },
        { row: 5, code: 'FW_DATASET_IMPORT_UNIT', message: '单位不在本单位及下级范围内' },
        { row: 6, column: 'GONE', code: 'X', message: '=1+1, "quoted"' },
      ],
      columns,
      'zh-CN',
    );
    expect(lines.map((l) => [l.row, l.column])).toEqual([[3, '违纪类型'], [5, ''], [6, 'GONE']]);
    expect(rejectedLines([{ row: 2, column: 'AMOUNT', code: 'X', message: 'm' }], columns, 'en')[0]!.column).toBe('Amount');
    const csv = rejectedCsv(lines, ['行号', '列', '问题']);
    expect(csv.startsWith('\uFEFF行号,列,问题\r\n3,违纪类型,')).toBe(true);
    expect(csv).toContain('\r\n6,GONE,"\'=1+1, ""quoted"""\r\n');
    expect(toCsv([[1, '-2']])).toBe("\uFEFF1,'-2\r\n");
  });

  it('reads the file name of a download from Content-Disposition', () => {
    expect(fileNameOf(`attachment; filename="dataset"; filename*=UTF-8''${encodeURIComponent('线索与案件明细-2026.xlsx')}`, 'x')).toBe('线索与案件明细-2026.xlsx');
    expect(fileNameOf('attachment; filename="report.csv"', 'x')).toBe('report.csv');
    expect(fileNameOf('attachment; filename=plain.csv', 'x')).toBe('plain.csv');
    expect(fileNameOf('attachment; filename="dataset"', '导出.csv')).toBe('导出.csv');
    expect(fileNameOf("attachment; filename*=UTF-8''%E0%A4%A", 'fallback.csv')).toBe('fallback.csv');
    expect(fileNameOf(`attachment; filename*=UTF-8''${encodeURIComponent('../a/b.csv')}`, 'x')).toBe('.._a_b.csv');
    expect(fileNameOf(null, 'none.csv')).toBe('none.csv');
  });
});

describe('the problems workbook', () => {
  it('is an .xlsx Excel reads: numbers as numbers, text as text (never a formula)', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const { xlsxOf } = await import('../../runtime/web/src/pages/datasets/xlsx');
    const bytes = xlsxOf('问题明细', [
      ['行号', '列', '问题'],
      [3, '违纪类型', '=SUM(A1) <b>&"\u0001'],
      [30, '', '整行'],
    ]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.name).toBe('问题明细');
    expect(sheet.getRow(2).values).toEqual([undefined, 3, '违纪类型', '=SUM(A1) <b>&"']);
    expect(sheet.getCell('A3').value).toBe(30);
    expect(sheet.getCell('C3').value).toBe('整行');
    expect(sheet.getCell('AA1').value).toBeNull();
  });
});
