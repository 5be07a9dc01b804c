/**
 * `GET /contacts` as the 2.x API answers it, a pure function of the store and the query string:
 * keyset pages behind an opaque cursor, `pages.next` as an object.
 *
 * The cursor is what Intercom's public cursors decode to, `[sortValue, lastId, nextPage]`, in
 * base64 (with `+/=`, so a client must URL-encode it). The walk is by `created_at`, then `id`,
 * ascending: a page starts after the last contact of the page before, so contacts created or
 * deleted during a walk move no other contact, and every contact that exists throughout is
 * served exactly once. Intercom does not document its order; the simulator's choice is stable.
 * Without `per_page` it serves 15 a page (Intercom's documented defaults disagree: 10, 15 or 50).
 *
 * @module
 */
import { errorList, type Answer } from './list-users.js'
import type { SimContact } from './seed-contacts.js'

/** The largest page. */
export const MAX_CONTACTS_PAGE = 150
/** The page size when the request names none. */
export const DEFAULT_CONTACTS_PAGE = 15

const KNOWN_PARAMS = ['per_page', 'starting_after']

/**
 * The walk's order: by `created_at`, then by id.
 *
 * @example
 * ```ts
 * const inOrder = generateContacts(100, 7, 1_790_000_000).sort(compareContacts)
 * ```
 */
export const compareContacts = (a: SimContact, b: SimContact): number =>
  a.created_at - b.created_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

type Position = readonly [createdAt: number, id: string, page: number]

export const encodeCursor = (position: Position): string => Buffer.from(JSON.stringify(position)).toString('base64')

const decodeCursor = (cursor: string): Position | undefined => {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8'))
    if (
      Array.isArray(value) &&
      value.length === 3 &&
      typeof value[0] === 'number' &&
      typeof value[1] === 'string' &&
      Number.isInteger(value[2])
    )
      return value as unknown as Position
  } catch {
    // not a cursor
  }
  return undefined
}

/** Intercom's answer to a cursor it did not give: a bare error object on 2.x. */
export const badCursor = (requestId: string): Answer => ({
  status: 400,
  body: errorList(
    'client_error',
    'Invalid starting_after param. Please try again using a starting_after value from a paginated response',
    requestId,
  ),
})

/** The first index of `sorted` after the position (binary search). */
const after = (sorted: ReadonlyArray<SimContact>, position: Position): number => {
  let lo = 0
  let hi = sorted.length
  const at = { created_at: position[0], id: position[1] } as SimContact
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (compareContacts(sorted[mid], at) <= 0) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * A page of `sorted` (already in walk order) for the query string.
 *
 * @example
 * ```ts
 * const contacts = generateContacts(10, 7, 1_790_000_000).sort(compareContacts)
 * const answer = listContactsAnswer(contacts, new URLSearchParams('per_page=5'), 'req-1')
 * console.log(answer.status) // 200
 * ```
 */
export const listContactsAnswer = (
  sorted: ReadonlyArray<SimContact>,
  params: URLSearchParams,
  requestId: string,
): Answer => {
  for (const name of params.keys()) {
    if (!KNOWN_PARAMS.includes(name))
      return { status: 400, body: errorList('parameter_invalid', `${name} is not a valid parameter`, requestId) }
  }
  const rawPerPage = params.get('per_page')
  const perPage = rawPerPage === null ? DEFAULT_CONTACTS_PAGE : Number(rawPerPage)
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_CONTACTS_PAGE) {
    return {
      status: 400,
      body: errorList('parameter_invalid', `per_page must be between 1 and ${MAX_CONTACTS_PAGE}`, requestId),
    }
  }
  const cursor = params.get('starting_after')
  let start = 0
  let page = 1
  if (cursor !== null && cursor !== '') {
    const position = decodeCursor(cursor)
    if (position === undefined) return badCursor(requestId)
    start = after(sorted, position)
    page = position[2]
  }
  const data = sorted.slice(start, start + perPage)
  const last = data.at(-1)
  const more = last !== undefined && start + perPage < sorted.length
  return {
    status: 200,
    body: {
      type: 'list',
      data,
      total_count: sorted.length,
      pages: {
        type: 'pages',
        page,
        per_page: perPage,
        total_pages: Math.max(1, Math.ceil(sorted.length / perPage)),
        next: more ? { page: page + 1, starting_after: encodeCursor([last.created_at, last.id, page + 1]) } : null,
      },
    },
  }
}
