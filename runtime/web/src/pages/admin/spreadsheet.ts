/** A chosen file as the CSV text the unit import takes: CSV as it is, the first sheet of an .xlsx. */
import { strFromU8, unzipSync } from 'fflate';
import { sheetRows, toCsv } from './admin-logic';

/** The file's rows as CSV text; throws when the file is neither CSV nor a readable .xlsx. */
export async function fileAsCsv(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b; // "PK": a zip, so a workbook
  if (!zip) return new TextDecoder('utf-8').decode(bytes);
  const files = unzipSync(bytes, { filter: (f) => f.name === 'xl/sharedStrings.xml' || /^xl\/worksheets\/sheet\d+\.xml$/.test(f.name) });
  const sheet = Object.keys(files)
    .filter((name) => name.startsWith('xl/worksheets/'))
    .sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]))[0];
  if (!sheet) throw new Error('no worksheet');
  const shared = files['xl/sharedStrings.xml'];
  const rows = sheetRows(strFromU8(files[sheet]!), shared ? strFromU8(shared) : '');
  return toCsv(rows.filter((row) => row.some((cell) => cell.trim() !== '')));
}
