import { err, ok } from '../../../core/index.ts';
import type { Result } from '../../../core/index.ts';
import { parseTemplateDetails } from '../../../core/config-store/index.ts';
import { sipSecretSchema } from './schema.ts';

/** One row of an extension import. */
export interface ExtensionCsvRow {
  internalNumber: string;
  name?: string;
  secret?: string;
  /** EXT-16 key=value lines; a quoted cell may hold several. */
  details?: string;
}

/** A defect of the CSV, named by line and column. */
export interface CsvIssue {
  field: string;
  message: string;
}

/** Rows one import may carry, as for a bulk range. */
export const MAX_IMPORT_ROWS = 10_000;

const NUMBER = /^[0-9]{1,15}$/;

/**
 * Splits CSV text into records of fields (RFC 4180 §2): fields separated by
 * commas, records by CRLF or LF, a quoted field may hold commas, line
 * breaks and `""` for a quote. Returns the 1-based line of each record.
 */
function splitRecords(text: string): Result<Array<{ line: number; fields: string[] }>, CsvIssue> {
  const records: Array<{ line: number; fields: string[] }> = [];
  let fields: string[] = [];
  let field = '';
  let isQuoted = false;
  let line = 1;
  let recordLine = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (isQuoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        isQuoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') {
      isQuoted = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      records.push({ line: recordLine, fields });
      fields = [];
      field = '';
      line++;
      recordLine = line;
    } else {
      field += c;
    }
  }
  if (isQuoted) return err({ field: `line ${recordLine}`, message: 'unterminated quoted field' });
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    records.push({ line: recordLine, fields });
  }
  return ok(records);
}

/**
 * Parses `number,name,password?,details?` rows (spec §2.2 import). A first line
 * starting with `number` is a header; blank lines are skipped; an empty
 * name defaults to the number and an empty password to a generated one.
 * Every defect is reported, not just the first, so one round trip fixes a
 * file. Never throws.
 */
export function parseExtensionCsv(text: string): Result<ExtensionCsvRow[], CsvIssue[]> {
  const split = splitRecords(text);
  if (!split.ok) return err([split.error]);
  const records = split.value.filter((r) => r.fields.some((f) => f.trim() !== ''));
  if (records[0]?.fields[0]?.trim().toLowerCase() === 'number') records.shift();
  if (records.length === 0) return err([{ field: 'body', message: 'the CSV has no rows' }]);
  if (records.length > MAX_IMPORT_ROWS) {
    return err([{ field: 'body', message: `at most ${MAX_IMPORT_ROWS} rows per import` }]);
  }
  const rows: ExtensionCsvRow[] = [];
  const issues: CsvIssue[] = [];
  for (const { line, fields } of records) {
    const [number = '', name = '', secret = '', details = '', ...extra] = fields.map((f) =>
      f.trim(),
    );
    const at = (column: string) => `line ${line}.${column}`;
    if (extra.length > 0) issues.push({ field: at('columns'), message: 'more than 4 columns' });
    if (!NUMBER.test(number)) issues.push({ field: at('number'), message: 'digits, 1 to 15' });
    if (name.length > 100) issues.push({ field: at('name'), message: 'at most 100 characters' });
    if (secret !== '' && !sipSecretSchema.safeParse(secret).success) {
      issues.push({ field: at('password'), message: '8 to 128 printable ASCII characters' });
    }
    const parsedDetails = parseTemplateDetails(details);
    if (!parsedDetails.ok)
      issues.push({ field: at('details'), message: parsedDetails.error.detail });
    rows.push({
      internalNumber: number,
      ...(name === '' ? {} : { name }),
      ...(secret === '' ? {} : { secret }),
      ...(details === '' ? {} : { details }),
    });
  }
  return issues.length > 0 ? err(issues) : ok(rows);
}
