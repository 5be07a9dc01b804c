/**
 * `POST /contacts/search` as the 2.x API answers it, a pure function of the store, the body and
 * the clock: the search language with every operator, Intercom's limits (2 levels of nesting,
 * 15 filters a group), dates matched by calendar day in the workspace's time zone, keyset
 * pages behind an opaque cursor, and an optional lag behind writes.
 *
 * The simulator's choices where Intercom documents none: results are sorted by `created_at`
 * ascending unless the body says otherwise (ties by id); `~`, `!~`, `^` and `$` ignore case
 * while `=` does not; a query over a limit, with an unknown field or an operator its field does
 * not allow answers 400 `bad_request` (Intercom may answer such a query with a 500); a cursor
 * met with another sort than the one it was made with answers 500 `server_error`, as Intercom
 * did when a client dropped `sort` on page 2.
 *
 * @module
 */
import { badCursor, MAX_CONTACTS_PAGE } from './list-contacts.js'
import { errorList, type Answer } from './list-users.js'
import type { SimContact } from './seed-contacts.js'

/** How the workspace searches. */
export interface SearchSettings {
  /** The workspace's time zone, an IANA name (date filters match by calendar day in it). */
  readonly timeZone: string
  /** Unix seconds now. */
  readonly now: number
  /** The version of a contact the index holds (search lags behind writes): none for one created a moment ago. */
  readonly indexed: (contact: SimContact) => SimContact | undefined
}

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

const kindOf = (field: string): string | undefined =>
  FIELD_TYPES.get(field) ??
  (/^(ios|android)_\w+$/.test(field) ? 'string' : /^custom_attributes\./.test(field) ? 'custom' : undefined)

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u)

const dayFormats = new Map<string, Intl.DateTimeFormat>()
/** `2026-11-27`: the calendar day of a Unix time in a time zone. */
const dayOf = (seconds: number, timeZone: string): string => {
  let format = dayFormats.get(timeZone)
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    dayFormats.set(timeZone, format)
  }
  return format.format(new Date(seconds * 1000))
}

/** The value of a field of a contact (`location.city`, `custom_attributes.plan`, `tag_id` as the tag ids). */
const valueOf = (contact: SimContact, field: string): unknown => {
  if (field === 'tag_id')
    return ((contact['tags'] as { data?: Array<{ id: string }> } | undefined)?.data ?? []).map((t) => t.id)
  if (field === 'segment_id') return []
  const [head, ...rest] = field.split('.')
  let value: unknown = head === undefined ? undefined : contact[head]
  for (const key of rest) value = isRecord(value) ? value[key] : undefined
  return value
}

type Verdict = { readonly ok: true } | { readonly ok: false; readonly message: string }

const compare = (a: unknown, b: unknown): number =>
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
const checkQuery = (q: unknown, depth: number): Verdict => {
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
  return { ok: true }
}

const matches = (contact: SimContact, q: Record<string, unknown>, timeZone: string): boolean => {
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

type Position = readonly [sortValue: unknown, id: string, page: number, sort: string]

const decodePosition = (cursor: string): Position | undefined => {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8'))
    if (Array.isArray(value) && value.length === 4 && typeof value[1] === 'string' && Number.isInteger(value[2]))
      return value as unknown as Position
  } catch {
    // not a cursor
  }
  return undefined
}

/** The answer to a search body. */
export const searchContactsAnswer = (
  contacts: ReadonlyArray<SimContact>,
  body: unknown,
  requestId: string,
  settings: SearchSettings,
): Answer => {
  const bad = (message: string): Answer => ({ status: 400, body: errorList('bad_request', message, requestId) })
  if (!isRecord(body) || !('query' in body)) return bad('query is required')
  const verdict = checkQuery(body['query'], 0)
  if (!verdict.ok) return bad(verdict.message)
  const sort = isRecord(body['sort']) ? body['sort'] : { field: 'created_at', order: 'ascending' }
  if (sort['order'] !== 'ascending' && sort['order'] !== 'descending')
    return {
      status: 400,
      body: errorList('invalid_sort_order', 'Sort order must be ascending or descending', requestId),
    }
  const sortField = String(sort['field'])
  const sortKey = `${sortField}:${sort['order'] as string}`
  const pagination = isRecord(body['pagination']) ? body['pagination'] : {}
  const perPage = pagination['per_page'] ?? 50
  if (!Number.isInteger(perPage) || (perPage as number) < 1 || (perPage as number) > MAX_CONTACTS_PAGE)
    return bad(`per_page must be between 1 and ${MAX_CONTACTS_PAGE}`)
  const direction = sort['order'] === 'ascending' ? 1 : -1
  const order = (a: SimContact, b: SimContact): number =>
    direction * compare(valueOf(a, sortField) ?? -Infinity, valueOf(b, sortField) ?? -Infinity) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  const query = body['query'] as Record<string, unknown>
  const found = contacts
    .map((c) => settings.indexed(c))
    .filter((c): c is SimContact => c !== undefined && matches(c, query, settings.timeZone))
    .sort(order)
  const cursor = pagination['starting_after']
  let start = 0
  let page = 1
  if (typeof cursor === 'string' && cursor !== '') {
    const position = decodePosition(cursor)
    if (position === undefined) return badCursor()
    // Intercom answered a page without its sort with a 500.
    if (position[3] !== sortKey) return { status: 500, body: errorList('server_error', 'Server Error', requestId) }
    const at = { id: position[1], [sortField]: position[0] } as unknown as SimContact
    start = found.findIndex((c) => order(c, at) > 0)
    if (start < 0) start = found.length
    page = position[2]
  }
  const size = perPage as number
  const data = found.slice(start, start + size)
  const last = data.at(-1)
  const more = last !== undefined && start + size < found.length
  const next = more
    ? {
        page: page + 1,
        starting_after: Buffer.from(
          JSON.stringify([valueOf(last, sortField) ?? null, last.id, page + 1, sortKey]),
        ).toString('base64'),
      }
    : null
  return {
    status: 200,
    body: {
      type: 'list',
      data,
      total_count: found.length,
      pages: { type: 'pages', page, per_page: size, total_pages: Math.max(1, Math.ceil(found.length / size)), next },
    },
  }
}
