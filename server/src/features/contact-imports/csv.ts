import { parse } from 'csv-parse/sync';
import { AppError } from '../../platform/errors.js';
import type { ParsedRow } from './processor.js';
import { IMPORT_MAX_ROWS } from './schemas.js';

const invalidFile = (detail: string) => new AppError('invalid_import_file', detail);

/** Checks the bytes, not the name: UTF-8 text without NULs, that parses as CSV with a header. */
export function readCsv(buffer: Buffer): { header: string[]; rows: string[][] } {
  const magic = buffer.subarray(0, 4).toString('latin1');
  if (magic.startsWith('PK') || magic.startsWith('%PDF') || buffer.includes(0)) {
    throw invalidFile(
      'This is not a CSV file (it looks binary, e.g. a spreadsheet). Export it as CSV first.',
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    throw invalidFile('The file is not UTF-8 text. Save the CSV as UTF-8 and upload it again.');
  }
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
    }) as string[][];
  } catch (err) {
    throw invalidFile(`The file is not valid CSV: ${(err as Error).message.slice(0, 200)}`);
  }
  const [header, ...rows] = records;
  if (!header?.length || header.every((h) => !h.trim()))
    throw invalidFile('The CSV has no header row.');
  if (rows.length > IMPORT_MAX_ROWS) {
    throw new AppError(
      'import_too_large',
      `The file has ${rows.length} rows; at most ${IMPORT_MAX_ROWS} rows can be imported at once. Split it into smaller files.`,
    );
  }
  return { header: header.map((h) => h.trim()), rows };
}

const AUTO: Record<string, string> = {
  name: 'name',
  'full name': 'name',
  fullname: 'name',
  email: 'email',
  'e-mail': 'email',
  mail: 'email',
  phone: 'phone',
  mobile: 'phone',
  sms: 'phone',
  telephone: 'phone',
  'phone number': 'phone',
  whatsapp: 'whatsapp',
  telegram: 'telegram',
  instagram: 'instagram',
};

/** Header → target: known names map to fields, anything else to an attribute of the same name. */
export function defaultMapping(header: string[]): Record<string, string> {
  const mapping: Record<string, string> = {};
  for (const column of header) {
    if (!column) continue;
    const known = AUTO[column.toLowerCase()];
    const attr = column.replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, 64);
    if (known) mapping[column] = known;
    else if (attr.replace(/_/g, '')) mapping[column] = `attributes.${attr}`;
  }
  return mapping;
}

export function toRows(header: string[], rows: string[][]): ParsedRow[] {
  // Row numbers as a spreadsheet shows them: the header is row 1.
  return rows.map((cells, i) => ({
    rowNumber: i + 2,
    raw: Object.fromEntries(header.map((h, n) => [h, cells[n] ?? ''])),
  }));
}
