/**
 * GET /users as Intercom answers it, as a pure function of the store and the query string:
 * filters, sort, order, pages with absolute `next` URLs, and the 10,000 cap.
 *
 * @module
 */
import type { SimUser } from './seed-users.js'

/** An answer: status and JSON body. */
export interface Answer {
  /** The HTTP status. */
  readonly status: number
  /** The JSON body. */
  readonly body: unknown
  /** Headers of its own (a `Link`). */
  readonly headers?: Record<string, string>
}

/** How `pages.next` is written: with every parameter of the request, or only page and per_page. */
export type NextStyle = 'full' | 'minimal'

/** Intercom's cap on page iteration: page × per_page may not pass 10,000. */
export const PAGE_CAP = 10_000
const SORTS = ['created_at', 'last_request_at', 'signed_up_at', 'updated_at'] as const
export type SortField = (typeof SORTS)[number]
const DAY = 86_400

/** Intercom's `error.list`. */
export const errorList = (code: string, message: string, requestId: string): unknown => ({
  type: 'error.list',
  request_id: requestId,
  errors: [{ code, message }],
})

/** The parameters of `GET /users` (List Users, by email, by phone, and `user_id` for one user). */
const KNOWN_PARAMS = ['page', 'per_page', 'order', 'sort', 'created_since', 'email', 'phone', 'user_id']

const invalid = (requestId: string, message: string): Answer => ({
  status: 400,
  body: errorList('parameter_invalid', message, requestId),
})

const intParam = (params: URLSearchParams, name: string, fallback: number): number | undefined => {
  const raw = params.get(name)
  if (raw === null) return fallback
  return /^\d+$/.test(raw) ? Number(raw) : undefined
}

/**
 * The order Intercom lists users in: by the sort field, nulls oldest, ties by id (Intercom
 * does not document its tie-break; the simulator's is stable so listings are reproducible).
 *
 * @example
 * ```ts
 * const newestFirst = generateUsers(100, 7, 1_790_000_000).sort(compareUsers('created_at', 'desc'))
 * ```
 */
export const compareUsers =
  (sort: SortField, order: 'asc' | 'desc') =>
  (a: SimUser, b: SimUser): number => {
    const av = (a[sort] as number | null | undefined) ?? Number.NEGATIVE_INFINITY
    const bv = (b[sort] as number | null | undefined) ?? Number.NEGATIVE_INFINITY
    const byField = av === bv ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : av < bv ? -1 : 1
    return order === 'asc' ? byField : -byField
  }

/**
 * Answers `GET /users?<params>`. `sortedBy` gives the store in a listing order (the server
 * caches it); `origin` is the simulator's, for the absolute `next` URL.
 *
 * @example
 * ```ts
 * const users = generateUsers(100, 7, 1_790_000_000)
 * const answer = listUsersAnswer((sort, order) => [...users].sort(compareUsers(sort, order)), new URLSearchParams('per_page=20'), {
 *   pageCap: 10_000, origin: 'http://127.0.0.1:8080', path: '/users', now: 1_790_000_000, requestId: 'req-1', nextStyle: 'full',
 * })
 * console.log(answer.status) // 200
 * ```
 */
export const listUsersAnswer = (
  sortedBy: (sort: SortField, order: 'asc' | 'desc') => ReadonlyArray<SimUser>,
  params: URLSearchParams,
  context: {
    readonly pageCap: number
    readonly origin: string
    readonly path: string
    readonly now: number
    readonly requestId: string
    readonly nextStyle: NextStyle
  },
): Answer => {
  const { requestId } = context
  // Intercom's View a User: `user_id` answers that one user, not a list.
  const userId = params.get('user_id')
  if (userId !== null) {
    const user = sortedBy('created_at', 'desc').find((u) => u['user_id'] === userId)
    return user === undefined
      ? { status: 404, body: errorList('not_found', 'User Not Found', requestId) }
      : { status: 200, body: user }
  }
  // A parameter List Users does not know is refused, never ignored with the whole list (the
  // simulator's choice: Intercom does not document what it does).
  const unknown = [...params.keys()].find((k) => !KNOWN_PARAMS.includes(k))
  if (unknown !== undefined) {
    return invalid(requestId, `${unknown} is not a parameter of List Users; known: ${KNOWN_PARAMS.join(', ')}`)
  }
  const page = intParam(params, 'page', 1)
  const perPage = intParam(params, 'per_page', 50)
  if (page === undefined || page < 1) return invalid(requestId, 'page must be a positive integer')
  if (perPage === undefined || perPage < 1 || perPage > 60) {
    return invalid(requestId, 'per_page must be an integer from 1 to 60')
  }
  const email = params.get('email')
  const phone = params.get('phone')
  const order = params.get('order') ?? 'desc'
  const sort = params.get('sort') ?? 'created_at'
  const createdSince = intParam(params, 'created_since', -1)
  if (order !== 'asc' && order !== 'desc') return invalid(requestId, 'order must be asc or desc')
  if (!(SORTS as ReadonlyArray<string>).includes(sort))
    return invalid(requestId, `sort must be one of ${SORTS.join(', ')}`)
  if (createdSince === undefined) return invalid(requestId, 'created_since must be a whole number of days')
  if (page * perPage > context.pageCap) {
    return { status: 400, body: errorList('bad_request', 'page limit reached, please use scroll API', requestId) }
  }
  const filtered = email !== null || phone !== null || createdSince >= 0
  const all = sortedBy(sort as SortField, order)
  const sorted = !filtered
    ? all
    : all.filter(
        (u) =>
          (email === null || u['email'] === email) &&
          (phone === null || u['phone'] === phone) &&
          (createdSince < 0 || u.created_at >= context.now - createdSince * DAY),
      )
  const totalPages = Math.ceil(sorted.length / perPage)
  const users = sorted.slice((page - 1) * perPage, page * perPage)
  const nextParams = new URLSearchParams(context.nextStyle === 'full' ? params : undefined)
  nextParams.set('per_page', String(perPage))
  nextParams.set('page', String(page + 1))
  return {
    status: 200,
    body: {
      type: 'user.list',
      total_count: sorted.length,
      limited: false,
      users,
      pages: {
        type: 'pages',
        next:
          page < totalPages ? `${context.origin}${context.path}?${nextParams.toString().replace(/\+/g, '%20')}` : null,
        page,
        per_page: perPage,
        total_pages: totalPages,
      },
    },
  }
}
