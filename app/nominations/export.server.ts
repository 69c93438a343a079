/**
 * CSV exports for organisers: written with csv-stringify (quoting, commas and new lines in
 * text are the library's job), with every text cell guarded against formula injection so
 * a nomination titled "=HYPERLINK(...)" stays text when the file is opened in a spreadsheet.
 */
import { stringify } from "csv-stringify/sync";
import type { Db } from "~/db/client.server";
import { NOMINATION_STATUS_LABELS, PARTNER_ROLE_LABELS, SECTOR_SHORT_LABELS, principleLabel } from "~/domain/vocabulary";
import { formatUkDateTime } from "~/utils/time";

/** Characters a spreadsheet reads as the start of a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell that a spreadsheet will show as text: one starting with =, +, -, @, a tab or a
 * carriage return gets a leading apostrophe. Numbers, booleans and empty cells pass through.
 */
export function csvSafeCell(value: unknown): string | number | boolean {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" || typeof value === "boolean") return value;
  const text = value instanceof Date ? value.toISOString() : String(value);
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export type CsvColumn<R> = { header: string; value: (row: R) => unknown };

/**
 * Rows to CSV text with a header line, every cell through csvSafeCell. Shared by every
 * export kind (nominations here; scores, decisions and results elsewhere).
 */
export function toCsv<R>(columns: CsvColumn<R>[], rows: R[]): string {
  return stringify(
    rows.map((row) => columns.map((c) => csvSafeCell(c.value(row)))),
    {
      header: true,
      columns: columns.map((c) => csvSafeCell(c.header) as string),
      record_delimiter: "\r\n",
      // A line break inside a cell must be quoted, or it would start a new row.
      quoted_match: /[\r\n]/,
    },
  );
}

/** A byte-order mark so spreadsheet programs read the file as UTF-8 (curly quotes, accents). */
export const UTF8_BOM = "\uFEFF";

function labelOf<K extends string>(labels: Record<K, string>, key: string): string {
  return (labels as Record<string, string>)[key] ?? key;
}

function parsePrinciples(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return [];
  }
}

async function nominationRows(db: Db, cycleId: string) {
  return db.nomination.findMany({
    where: { cycleId },
    orderBy: [{ category: { position: "asc" } }, { title: "asc" }, { createdAt: "asc" }],
    select: {
      id: true,
      title: true,
      status: true,
      summary: true,
      principles: true,
      submittedAt: true,
      extensionUntil: true,
      ineligibleReason: true,
      category: { select: { name: true } },
      partners: {
        orderBy: [{ position: "asc" }, { createdAt: "asc" }],
        select: { role: true, contactName: true, contactEmail: true, organisation: { select: { name: true, sector: true } } },
      },
      attachments: { select: { kind: true } },
    },
  });
}
type NominationRow = Awaited<ReturnType<typeof nominationRows>>[number];

const NOMINATION_COLUMNS: CsvColumn<NominationRow>[] = [
  { header: "ID", value: (n) => n.id },
  { header: "Category", value: (n) => n.category?.name ?? "" },
  { header: "Title", value: (n) => n.title },
  { header: "Status", value: (n) => labelOf(NOMINATION_STATUS_LABELS, n.status) },
  { header: "Summary", value: (n) => n.summary },
  {
    header: "Partners",
    value: (n) =>
      n.partners
        .map((p) => `${p.organisation.name} (${labelOf(SECTOR_SHORT_LABELS, p.organisation.sector)}, ${labelOf(PARTNER_ROLE_LABELS, p.role)})`)
        .join("; "),
  },
  {
    header: "Lead contacts",
    value: (n) =>
      n.partners
        .filter((p) => p.role === "lead_statutory" || p.role === "lead_vcs")
        .map((p) => `${p.contactName || "(no name)"} <${p.contactEmail}> (${p.organisation.name})`)
        .join("; "),
  },
  { header: "Compact principles", value: (n) => parsePrinciples(n.principles).map(principleLabel).join("; ") },
  { header: "Submitted (UK time)", value: (n) => formatUkDateTime(n.submittedAt) },
  { header: "Extension until (UK time)", value: (n) => formatUkDateTime(n.extensionUntil) },
  { header: "Reason not eligible", value: (n) => n.ineligibleReason ?? "" },
  { header: "Photos", value: (n) => n.attachments.filter((a) => a.kind === "photo").length },
  { header: "Evidence files", value: (n) => n.attachments.filter((a) => a.kind === "evidence").length },
];

/** Every nomination of a cycle, one row each, for the organisers' spreadsheet. */
export async function nominationsCsv(db: Db, cycleId: string): Promise<string> {
  return toCsv(NOMINATION_COLUMNS, await nominationRows(db, cycleId));
}

/** A file name for a cycle's export: "coventry-2026-nominations.csv". */
export function exportFileName(slug: string, kind: string): string {
  return `${slug}-${kind}.csv`.replace(/[^a-zA-Z0-9._-]/g, "-");
}
