/**
 * `--format`: how users are written. Each format is a small state machine over whole records:
 * `start` once, `rows` for each page, `end` once (also after an interrupt, so a JSON array is
 * closed). Every string it returns ends at a record boundary, so output cut between two calls
 * never holds half a record. Pure but for the state of the one writer.
 *
 * @module
 */
/** A record to write: a user, or a contact. */
export type Row = Readonly<Record<string, unknown>> & { readonly id: string }
import { cellText, jsonText, pick, valueAt, type Field } from './fields.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

export const FORMATS = ['ndjson', 'json', 'csv', 'table'] as const

/** `ndjson` (default): a user a line. `json`: one array. `csv`: RFC 4180. `table`: aligned columns. */
export type OutputFormat = (typeof FORMATS)[number]

/** Writes records of one format; each call returns the text to write next. */
export interface RecordWriter {
  readonly start: () => string
  /** The rows of `users`; NDJSON of whole records writes `texts` (each record as received) when given, one a record. */
  readonly rows: (users: ReadonlyArray<Row>, texts?: ReadonlyArray<string>) => string
  readonly end: () => string
}

// -------------------------------------------------------------------------------------
// csv
// -------------------------------------------------------------------------------------

const CSV_NEEDS_QUOTES = /[",\r\n]/

/** A CSV field per RFC 4180: quoted when it holds a comma, a quote or a line break; quotes doubled. */
export const csvField = (text: string): string => (CSV_NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text)

/** A CSV record, ended by CRLF as RFC 4180 says. */
export const csvRecord = (cells: ReadonlyArray<string>): string => `${cells.map(csvField).join(',')}\r\n`

// -------------------------------------------------------------------------------------
// table
// -------------------------------------------------------------------------------------

/** The widest a table column grows; longer cells are cut with an ellipsis. */
export const MAX_COLUMN_WIDTH = 40

// C0 and C1 controls, DEL included: a user's name must not move the cursor or recolour a terminal.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g

/** A timestamp field (`created_at`) shown as a UTC date and time in a table. */
const isTimestampField = (field: Field): boolean => (field.path.at(-1) ?? '').endsWith('_at')

/** A table cell: dates readable, control characters replaced, one line. */
export const tableCell = (field: Field, value: unknown, onCut?: () => void): string =>
  typeof value === 'number' && isTimestampField(field)
    ? new Date(value * 1000).toISOString().slice(0, 19).replace('T', ' ')
    : printable(cellText(value, onCut))

/** Text from outside (a server's message, a user's field) made safe for a terminal: control characters replaced. */
export const printable = (text: string): string => text.replace(CONTROL, '\uFFFD')

/** Pads to the column; a longer cell overflows its row rather than lose characters, up to the cut at {@link MAX_COLUMN_WIDTH}. */
const fit = (text: string, width: number): string =>
  text.length > MAX_COLUMN_WIDTH ? `${text.slice(0, MAX_COLUMN_WIDTH - 1)}\u2026` : text.padEnd(width)

const tableLine = (cells: ReadonlyArray<string>, widths: ReadonlyArray<number>): string =>
  `${cells
    .map((c, i) => fit(c, widths[i] ?? 0))
    .join('  ')
    .trimEnd()}\n`

/**
 * A table that streams: the column widths come from the header and the first page (up to
 * {@link MAX_COLUMN_WIDTH}), so it needs no more memory than a page and prints as pages arrive.
 * A later, longer cell pushes the rest of its row rather than being cut (an id stays whole).
 */
const tableWriter = (fields: ReadonlyArray<Field>, onCut: (user: Row) => void): RecordWriter => {
  let widths: ReadonlyArray<number> | undefined
  const header = fields.map((f) => f.name)
  const begin = (rows: ReadonlyArray<ReadonlyArray<string>>): string => {
    const measured = header.map((h, i) =>
      Math.min(MAX_COLUMN_WIDTH, Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length))),
    )
    widths = measured
    return (
      tableLine(header, measured) +
      tableLine(
        measured.map((w) => '-'.repeat(w)),
        measured,
      )
    )
  }
  return {
    start: () => '',
    rows: (users) => {
      const rows = users.map((u) => fields.map((f) => tableCell(f, valueAt(u, f), () => onCut(u))))
      const head = widths === undefined ? begin(rows) : ''
      return head + rows.map((r) => tableLine(r, widths ?? [])).join('')
    },
    end: () => (widths === undefined ? begin([]) : ''),
  }
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A writer for a format. `fields` picks columns (csv, table) or keys (ndjson, json); csv and
 * table need them, ndjson and json write whole users without them. To a `terminal`, CSV cells
 * have their control characters replaced like the table's (NDJSON and JSON escape them anyway).
 */
export const recordWriter = (
  format: OutputFormat,
  fields: ReadonlyArray<Field> | undefined,
  onCut: (user: Row) => void = () => undefined,
  terminal = false,
): RecordWriter => {
  const record = (u: Row): string => jsonText(fields === undefined ? u : pick(u, fields), () => onCut(u))
  switch (format) {
    case 'ndjson':
      return {
        start: () => '',
        rows: (users, texts) =>
          fields === undefined && texts?.length === users.length
            ? texts.map((t) => `${t}\n`).join('')
            : users.map((u) => `${record(u)}\n`).join(''),
        end: () => '',
      }
    case 'json': {
      let first = true
      return {
        start: () => '[',
        rows: (users) =>
          users
            .map((u) => {
              const separator = first ? '\n' : ',\n'
              first = false
              return separator + record(u)
            })
            .join(''),
        end: () => (first ? ']\n' : '\n]\n'),
      }
    }
    case 'csv': {
      const columns = fields ?? []
      const shown = terminal ? printable : (text: string) => text
      return {
        start: () => csvRecord(columns.map((f) => shown(f.name))),
        rows: (users) =>
          users.map((u) => csvRecord(columns.map((f) => shown(cellText(valueAt(u, f), () => onCut(u)))))).join(''),
        end: () => '',
      }
    }
    case 'table':
      return tableWriter(fields ?? [], onCut)
  }
}
