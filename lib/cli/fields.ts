/**
 * `--fields`: which values of a user to write, by dotted path (`location_data.city_name`).
 * Pure: parsing a list, reading a path, turning a value into a cell.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { Contact, User } from '../index.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** A field as given (`location_data.city_name`) and its path (`['location_data', 'city_name']`). */
export interface Field {
  readonly name: string
  readonly path: ReadonlyArray<string>
}

/** The columns of `--format csv` and `--format table` when `--fields` is not given. */
export const DEFAULT_FIELDS = 'id,user_id,email,name,created_at'

/** The columns of `intercom-users contacts` in csv and table when `--fields` is not given. */
export const DEFAULT_CONTACT_FIELDS = 'id,role,email,name,created_at'

/** The top-level fields of Intercom's user object, as the `User` codec knows them. */
export const KNOWN_FIELDS: ReadonlyArray<string> = User.types.flatMap((part) => Object.keys(part.props))

/** The top-level fields of the 2.x contact object, as the `Contact` codec knows them. */
export const KNOWN_CONTACT_FIELDS: ReadonlyArray<string> = Contact.types.flatMap((part) => Object.keys(part.props))

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

const SEGMENT = /^[A-Za-z0-9_$-]+$/

/**
 * Parses `id,email,location_data.city_name`: a list of fields, or a message that names the
 * field that is not a dotted path. Duplicates are refused: they would make two equal columns.
 */
export const parseFields = (raw: string): E.Either<string, ReadonlyArray<Field>> => {
  const names = raw.split(',').map((s) => s.trim())
  const fields: Field[] = []
  for (const name of names) {
    const path = name.split('.')
    if (name === '' || !path.every((segment) => SEGMENT.test(segment)))
      return E.left(
        `--fields takes comma-separated field names or dotted paths (id,email,location_data.city_name), got ${JSON.stringify(name)}`,
      )
    if (fields.some((f) => f.name === name)) return E.left(`--fields names ${JSON.stringify(name)} twice`)
    fields.push({ name, path })
  }
  return E.right(fields)
}

/**
 * The fields whose first segment is not a field of the user object: worth a warning (a typo
 * gives an empty column), not an error, since Intercom may add fields the codec keeps unnamed.
 */
export const unknownFields = (
  fields: ReadonlyArray<Field>,
  known: ReadonlyArray<string> = KNOWN_FIELDS,
): ReadonlyArray<Field> => fields.filter((f) => !known.includes(f.path[0] ?? ''))

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/** The value at a field's path, or `undefined` where the path leads nowhere. */
export const valueAt = (user: Readonly<Record<string, unknown>>, field: Field): unknown => {
  let value: unknown = user
  for (const segment of field.path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, segment)) return undefined
    value = (value as Record<string, unknown>)[segment]
  }
  return value
}

/** How deep a value is written; deeper, `JSON.stringify` would overflow the stack (a hostile `custom_attributes`). */
export const MAX_DEPTH = 1_000

/** What stands where a value nested deeper than {@link MAX_DEPTH} was cut. */
export const CUT_MARK = `[cut: nested deeper than ${MAX_DEPTH} levels]`

const cutDeep = (value: unknown, depth: number): unknown => {
  if (typeof value !== 'object' || value === null) return value
  if (depth >= MAX_DEPTH) return CUT_MARK
  if (Array.isArray(value)) return value.map((v: unknown) => cutDeep(v, depth + 1))
  // Defined, never assigned: a key `__proto__` stays a plain key.
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cutDeep(v, depth + 1)]))
}

/**
 * A value as JSON text. A value nested too deep for `JSON.stringify` is written with its
 * deepest part replaced by {@link CUT_MARK}, and `onCut` is told: the other users of its page are
 * written, and nothing is cut silently.
 */
export const jsonText = (value: unknown, onCut?: () => void): string => {
  try {
    return JSON.stringify(value)
  } catch (e) {
    if (!(e instanceof RangeError)) throw e
    onCut?.()
    return JSON.stringify(cutDeep(value, 0))
  }
}

/** A value as text for a cell: empty for null or missing, JSON for objects and arrays. */
export const cellText = (value: unknown, onCut?: () => void): string => {
  if (value === undefined || value === null) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return jsonText(value, onCut)
}

/** The user with only the given fields, keyed by their names (for `--fields` with ndjson and json). */
export const pick = (user: Readonly<Record<string, unknown>>, fields: ReadonlyArray<Field>): Record<string, unknown> =>
  Object.fromEntries(fields.map((f) => [f.name, valueAt(user, f) ?? null]))
