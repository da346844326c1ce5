import { parse } from 'csv-parse/sync';
import { CreateMemberDto } from '../../members/member.dto';
import { MembersService } from '../../members/members.service';
import { checkMember, inputOf, MEMBER_FIELDS, MemberField, MemberText } from './member-form';

/** More rows than a space has members is a wrong file. */
export const MAX_IMPORT_ROWS = 2000;

export type ImportFault = MemberField | 'duplicate';

/** One line of the file: what it says, and what importing it would do. */
export interface ImportRow {
  line: number;
  text: MemberText;
  /** The member to add or update; null when the row has faults and is left out. */
  input: CreateMemberDto | null;
  faults: ImportFault[];
  /** An existing member (same email, any case) would be updated rather than added. */
  updates: boolean;
}

export type FileFault = 'empty' | 'unreadable' | 'columns' | 'tooMany';

export type ImportPlan = { rows: ImportRow[]; fileFault: null } | { rows: []; fileFault: FileFault };

/**
 * Reads a CSV of members (columns name, email, locale, skills, membership, company; comma or semicolon separated;
 * a header line first) and checks each row by the API's rules, as the preview shows it and as the confirmation
 * checks it again: the confirmation trusts nothing the preview sent back.
 */
export async function planImport(csv: string, members: MembersService): Promise<ImportPlan> {
  if (!csv.trim()) return { rows: [], fileFault: 'empty' };
  let records: Record<string, string>[];
  try {
    records = parse(csv, {
      bom: true,
      columns: (header: string[]) => header.map((name) => name.trim().toLowerCase()),
      delimiter: delimiterOf(csv),
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    });
  } catch {
    return { rows: [], fileFault: 'unreadable' };
  }
  if (records.length === 0) return { rows: [], fileFault: 'empty' };
  const columns = Object.keys(records[0]);
  const known = new Set<string>(MEMBER_FIELDS);
  if (!columns.includes('name') || !columns.includes('email') || columns.some((column) => !known.has(column))) {
    return { rows: [], fileFault: 'columns' };
  }
  if (records.length > MAX_IMPORT_ROWS) return { rows: [], fileFault: 'tooMany' };

  const seen = new Set<string>();
  const rows: ImportRow[] = [];
  for (const [index, record] of records.entries()) {
    const text: MemberText = Object.fromEntries(MEMBER_FIELDS.map((field) => [field, record[field] ?? '']));
    const { valid, faults } = await checkMember(CreateMemberDto, inputOf(text, false));
    const email = valid?.email.toLowerCase();
    const twice = email !== undefined && seen.has(email);
    if (email) seen.add(email);
    const allFaults: ImportFault[] = twice ? [...faults, 'duplicate'] : faults;
    // The header is line 1.
    rows.push({ line: index + 2, text, input: allFaults.length ? null : valid, faults: allFaults, updates: false });
  }
  const taken = await members.takenEmails(rows.flatMap((row) => (row.input ? [row.input.email.toLowerCase()] : [])));
  for (const row of rows) row.updates = row.input !== null && taken.has(row.input.email.toLowerCase());
  return { rows, fileFault: null };
}

/** Spreadsheets in French write semicolons, since the comma is their decimal sign: the header line tells. */
function delimiterOf(csv: string): string {
  const header = csv.slice(0, csv.search(/\r?\n|$/));
  return header.includes(';') && !header.includes(',') ? ';' : ',';
}
