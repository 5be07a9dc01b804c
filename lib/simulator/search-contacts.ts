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
import { checkQuery, compare, createdBounds, isRecord, matches, valueOf } from './search-query.js'

type Position = readonly [sortValue: unknown, id: string, page: number, sort: string]

/** How the workspace searches. */
export interface SearchSettings {
  /** The workspace's time zone, an IANA name (date filters match by calendar day in it). */
  readonly timeZone: string
  /** Unix seconds now. */
  readonly now: number
  /** The version of a contact the index holds (search lags behind writes): none for one created a moment ago. */
  readonly indexed: (contact: SimContact, now: number) => SimContact | undefined
}

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
/** The index of the first contact created at or after `t` in contacts sorted by `created_at`. */
const firstAtLeast = (sorted: ReadonlyArray<SimContact>, t: number): number => {
  if (t === -Infinity) return 0
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((sorted[mid]?.created_at ?? 0) < t) lo = mid + 1
    else hi = mid
  }
  return lo
}

export const searchContactsAnswer = (
  /** The store's contacts, sorted by `created_at` (the listing's order). */
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
  // Each contact's sort key read once, not at every comparison.
  const order = (a: { key: unknown; c: SimContact }, b: { key: unknown; c: SimContact }): number =>
    direction * compare(a.key, b.key) || (a.c.id < b.c.id ? -1 : a.c.id > b.c.id ? 1 : 0)
  const query = body['query'] as Record<string, unknown>
  const indexNow = Date.now()
  // Only the contacts created within the query's bounds are matched (the store sorted by created_at).
  const { min, max } = createdBounds(query)
  const first = firstAtLeast(contacts, min)
  const end = firstAtLeast(contacts, max + 1)
  const found = contacts
    .slice(first, end)
    .map((c) => settings.indexed(c, indexNow))
    .filter((c): c is SimContact => c !== undefined && matches(c, query, settings.timeZone))
    .map((c) => ({ key: valueOf(c, sortField) ?? -Infinity, c }))
    .sort(order)
    .map(({ c }) => c)
  const cursor = pagination['starting_after']
  let start = 0
  let page = 1
  if (typeof cursor === 'string' && cursor !== '') {
    const position = decodePosition(cursor)
    if (position === undefined) return badCursor(requestId)
    // Intercom answered a page without its sort with a 500.
    if (position[3] !== sortKey) return { status: 500, body: errorList('server_error', 'Server Error', requestId) }
    const at = { key: position[0] ?? -Infinity, c: { id: position[1] } as unknown as SimContact }
    start = found.findIndex((c) => order({ key: valueOf(c, sortField) ?? -Infinity, c }, at) > 0)
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
