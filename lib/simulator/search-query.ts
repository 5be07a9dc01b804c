/**
 * The search language as the simulator speaks it: a query checked against Intercom's rules, and
 * matched against a contact (dates by calendar day in the workspace's time zone).
 *
 * @module
 */
import type { SimContact } from './seed-contacts.js'

/**
 * The field types of Intercom's search, written here on their own: the simulator plays Intercom,
 * so it does not share the client's rule table (a wrong rule there would be mirrored, not caught).
 */
const TYPED: ReadonlyArray<readonly [string, string]> = [
  ['string', 'id role name avatar email email_domain phone external_id language_override browser browser_language os'],
  ['string', 'location.country location.region location.city'],
  ['integer', 'owner_id'],
  ['boolean', 'unsubscribed_from_emails marked_email_as_spam has_hard_bounced'],
  ['date', 'created_at signed_up_at updated_at last_seen_at last_contacted_at last_replied_at'],
  ['date', 'last_email_opened_at last_email_clicked_at'],
  ['reference', 'tag_id segment_id'],
]
const FIELD_TYPES = new Map<string, string>(
  TYPED.flatMap(([type, fields]) => fields.split(' ').map((f): [string, string] => [f, type])),
)

const ALLOWED: Readonly<Record<string, ReadonlyArray<string>>> = {
  string: ['=', '!=', '~', '!~', '^', '$', 'IN', 'NIN'],
  integer: ['=', '!=', '<', '>', '<=', '>=', 'IN', 'NIN'],
  boolean: ['=', '!=', 'IN', 'NIN'],
  date: ['=', '<', '>'],
  reference: ['=', '!='],
  custom: ['=', '!=', '~', '!~', '^', '$', '<', '>', '<=', '>=', 'IN', 'NIN'],
}

/** The furthest a JavaScript Date reaches from the epoch, in ms. */
const MAX_DATE_MS = 8.64e15

const kindOf = (field: string): string | undefined =>
  FIELD_TYPES.get(field) ??
  (/^(ios|android)_\w+$/.test(field) ? 'string' : /^custom_attributes\./.test(field) ? 'custom' : undefined)

export const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u)

const dayFormats = new Map<string, Intl.DateTimeFormat>()
/** Days already known, by time zone and quarter hour: a search matches every contact's dates on every page. */
const days = new Map<string, Map<number, number>>()
/**
 * The calendar day of a Unix time in a time zone, as days since 1970-01-01 of that calendar. Every
 * zone's offset is a whole number of quarter hours, so a quarter hour never holds two days.
 */
const dayOf = (seconds: number, timeZone: string): number => {
  let known = days.get(timeZone)
  if (known === undefined) {
    known = new Map()
    days.set(timeZone, known)
  }
  const quarter = Math.floor(seconds / 900)
  const cached = known.get(quarter)
  if (cached !== undefined) return cached
  let format = dayFormats.get(timeZone)
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    dayFormats.set(timeZone, format)
  }
  const text = format.format(new Date(quarter * 900_000))
  const day = Date.UTC(Number(text.slice(0, 4)), Number(text.slice(5, 7)) - 1, Number(text.slice(8, 10))) / 86_400_000
  if (known.size >= 1_000_000) known.clear()
  known.set(quarter, day)
  return day
}

/** The value of a field of a contact (`location.city`, `custom_attributes.plan`, `tag_id` as the tag ids). */
export const valueOf = (contact: SimContact, field: string): unknown => {
  if (field === 'tag_id')
    return ((contact['tags'] as { data?: Array<{ id: string }> } | undefined)?.data ?? []).map((t) => t.id)
  if (field === 'segment_id') return []
  if (!field.includes('.')) return contact[field]
  const [head, ...rest] = field.split('.')
  let value: unknown = head === undefined ? undefined : contact[head]
  for (const key of rest) value = isRecord(value) ? value[key] : undefined
  return value
}

type Verdict = { readonly ok: true } | { readonly ok: false; readonly message: string }

export const compare = (a: unknown, b: unknown): number =>
  typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0

const scalarMatch = (have: unknown, operator: string, want: unknown, date: string | undefined): boolean => {
  if (have === null || have === undefined) return operator === '!=' || operator === '!~'
  if (date !== undefined && typeof have === 'number') {
    const day = dayOf(have, date)
    const wanted = dayOf(want as number, date)
    return operator === '=' ? day === wanted : operator === '<' ? day < wanted : day > wanted
  }
  const text = (u: unknown): string => (typeof u === 'string' ? u : JSON.stringify(u)).toLowerCase()
  const h = text(have)
  const w = text(want)
  switch (operator) {
    case '=':
      return have === want
    case '!=':
      return have !== want
    case '~':
      return h.includes(w)
    case '!~':
      return !h.includes(w)
    case '^':
      return h.startsWith(w)
    case '$':
      return h.endsWith(w)
    case '<':
      return compare(have, want) < 0
    case '>':
      return compare(have, want) > 0
    case '<=':
      return compare(have, want) <= 0
    case '>=':
      return compare(have, want) >= 0
    default:
      return false
  }
}

/** Checks a query against Intercom's rules; the first fault's message. */
export const checkQuery = (q: unknown, depth: number): Verdict => {
  if (!isRecord(q)) return { ok: false, message: 'query must be an object' }
  if (q['operator'] === 'AND' || q['operator'] === 'OR') {
    if (depth >= 2) return { ok: false, message: 'Nesting depth exceeds the maximum of 2' }
    const members = q['value']
    if (!Array.isArray(members) || members.length === 0)
      return { ok: false, message: 'A group needs a non-empty value' }
    const filters = members.filter((m) => !(isRecord(m) && (m['operator'] === 'AND' || m['operator'] === 'OR')))
    if (filters.length > 15) return { ok: false, message: 'A group may hold at most 15 filters' }
    for (const m of members) {
      const verdict = checkQuery(m, depth + 1)
      if (!verdict.ok) return verdict
    }
    return { ok: true }
  }
  const field = q['field']
  const kind = typeof field === 'string' ? kindOf(field) : undefined
  if (kind === undefined) return { ok: false, message: `Unknown field ${JSON.stringify(field)}` }
  const operator = q['operator']
  if (typeof operator !== 'string' || !(ALLOWED[kind] ?? []).includes(operator))
    return { ok: false, message: `Operator ${JSON.stringify(operator)} is not supported for field ${field as string}` }
  if ((operator === 'IN' || operator === 'NIN') !== Array.isArray(q['value']))
    return { ok: false, message: `Operator ${operator} and the value's type do not match` }
  // A date is Unix seconds a calendar can hold (1e20 or "abc" would throw when matched by day).
  const values: unknown[] = Array.isArray(q['value']) ? q['value'] : [q['value']]
  if (kind === 'date' && !values.every((v) => Number.isInteger(v) && Math.abs((v as number) * 1000) <= MAX_DATE_MS))
    return { ok: false, message: `Invalid date value for field ${field as string}: Unix seconds expected` }
  return { ok: true }
}

export const matches = (contact: SimContact, q: Record<string, unknown>, timeZone: string): boolean => {
  const members = q['value']
  if (q['operator'] === 'AND')
    return (members as Array<Record<string, unknown>>).every((m) => matches(contact, m, timeZone))
  if (q['operator'] === 'OR')
    return (members as Array<Record<string, unknown>>).some((m) => matches(contact, m, timeZone))
  const field = q['field'] as string
  const operator = q['operator'] as string
  const have = valueOf(contact, field)
  const date = kindOf(field) === 'date' ? timeZone : undefined
  if (Array.isArray(have)) {
    // tag_id: equal when one of the contact's tags is the one asked for.
    const hit = have.includes(members)
    return operator === '=' ? hit : !hit
  }
  if (operator === 'IN') return (members as unknown[]).some((v) => scalarMatch(have, '=', v, date))
  if (operator === 'NIN') return (members as unknown[]).every((v) => scalarMatch(have, '!=', v, date))
  return scalarMatch(have, operator, members, date)
}

/** The widest a calendar day reaches from a time on it, whatever the zone and its daylight saving. */
const SLACK = 2 * 86_400

/**
 * Bounds on `created_at` that every contact the query matches is within (a superset: the exact
 * match is made after), so a search reads only the contacts of that span of the sorted store.
 */
export const createdBounds = (q: Record<string, unknown>): { readonly min: number; readonly max: number } => {
  const members = Array.isArray(q['value']) ? (q['value'] as unknown[]).filter(isRecord) : []
  if (q['operator'] === 'AND' || q['operator'] === 'OR') {
    const bounds = members.map(createdBounds)
    const and = q['operator'] === 'AND'
    return bounds.reduce(
      (acc, b) =>
        and
          ? { min: Math.max(acc.min, b.min), max: Math.min(acc.max, b.max) }
          : { min: Math.min(acc.min, b.min), max: Math.max(acc.max, b.max) },
      and ? { min: -Infinity, max: Infinity } : { min: Infinity, max: -Infinity },
    )
  }
  const value = q['value']
  if (q['field'] !== 'created_at' || typeof value !== 'number') return { min: -Infinity, max: Infinity }
  switch (q['operator']) {
    case '>':
      return { min: value - SLACK, max: Infinity }
    case '<':
      return { min: -Infinity, max: value + SLACK }
    case '=':
      return { min: value - SLACK, max: value + SLACK }
    default:
      return { min: -Infinity, max: Infinity }
  }
}
