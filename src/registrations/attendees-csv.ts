import { RegistrationResponse } from './registration.dto';

const COLUMNS = ['name', 'email', 'role', 'status', 'response', 'checkedInAt'] as const;

/** One CSV cell: quoted, and defused when a spreadsheet would read it as a formula. */
function cell(value: unknown): string {
  let text = value instanceof Date ? value.toISOString() : value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

/** The attendee list as RFC 4180 CSV, with a BOM so that spreadsheets read the accents right. */
export function attendeesCsv(attendees: RegistrationResponse[]): string {
  const rows = attendees.map((attendee) => COLUMNS.map((column) => cell(attendee[column])).join(','));
  return `\uFEFF${[COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}
