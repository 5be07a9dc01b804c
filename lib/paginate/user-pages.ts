/**
 * The page engine of List Users: request a page, decode it, emit it with its progress, and
 * follow `pages.next` (guarded) only when the consumer still wants more. At the cap it stops
 * cleanly, after planning the one request that still serves the users just under it.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { concat, concatMap, defer, EMPTY, map, of, take, type Observable } from 'rxjs'
import { decodeUserList, type UserList } from '../codecs/user-list.js'
import type { User } from '../codecs/user.js'
import { notPageAskedFor, pageOverfull, undecodablePage } from '../errors.js'
import type { Query } from '../params.js'
import { listUsersRequest, type HttpRequest } from '../request.js'
import type { IntercomClient } from '../transport/client.js'
import type { RateLimit } from '../transport/rate-limit.js'
import { send } from '../transport/send.js'
import { planPage, startsPastCap, withinCap, type PlannedPage } from './cap.js'
import { nextPage } from './next-page.js'
import { orderedParallel, type OrderedDemand } from './ordered-parallel.js'
import { withDemandLedger, type DemandLedger, type PullableObservable } from './pullable.js'
import { unfold, type Step } from './unfold.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** A decoded page of users with where the listing stands. */
export interface UserPage {
  /** The users of this page, in the server's order. */
  readonly users: ReadonlyArray<User>
  /** This page's number, from 1. */
  readonly page: number
  /** Users per page asked for (`per_page`). */
  readonly perPage: number
  /** Pages in the listing, as the server counts them. */
  readonly totalPages: number
  /** Users in the listing, as the server counts them (absent if the server did not say). */
  readonly totalCount: number | undefined
  /** Users emitted so far, this page's included. */
  readonly usersSoFar: number
  /** The URL of the next page, or `null` on the last page. */
  readonly next: string | null
  /**
   * True on the last page when the listing stopped at the cap (10,000 users by default) with
   * more users left: read them with `scrollUsers` or `allUsers`.
   */
  readonly stoppedAtCap: boolean
  /** The rate-limit state this page's answer carried. */
  readonly rateLimit: RateLimit | undefined
  /** Descriptive fields with an undocumented type, decoded to `null` (one line each). */
  readonly warnings: ReadonlyArray<string>
  /** The page as decoded, with every field the server sent. */
  readonly list: UserList
}

interface State {
  readonly request: HttpRequest
  /** The page the request asks for, and at which page size. */
  readonly page: number
  readonly perPage: number
  /** Users at the start of this page already emitted (a page planned at the cap overlaps). */
  readonly skip: number
  readonly usersSoFar: number
}

const plannedState = (client: IntercomClient, query: Query, planned: PlannedPage, usersSoFar: number): State => ({
  request: listUsersRequest(
    client.baseUrl,
    { ...query, page: planned.page, perPage: planned.perPage },
    client.userAgent,
    client.apiVersion,
  ),
  page: planned.page,
  perPage: planned.perPage,
  skip: planned.skip,
  usersSoFar,
})

// -------------------------------------------------------------------------------------
// engine
// -------------------------------------------------------------------------------------

const step =
  (client: IntercomClient, query: Query) =>
  (state: State): Observable<Step<State, UserPage>> =>
    send(client, state.request).pipe(
      map((response) => {
        const decoded = decodeUserList(response.body)
        if (E.isLeft(decoded)) throw undecodablePage(decoded.left, state.request.url, response.rateLimit)
        const list = decoded.right.value
        const { page, perPage } = state
        if (list.users.length > list.pages.per_page)
          throw pageOverfull(list.users.length, list.pages.per_page, state.request.url)
        if (list.pages.page !== page || list.pages.per_page !== perPage)
          throw notPageAskedFor(
            { page, perPage },
            { page: list.pages.page, perPage: list.pages.per_page },
            state.request.url,
          )
        const users = state.skip === 0 ? list.users : list.users.slice(state.skip)
        const usersSoFar = state.usersSoFar + users.length
        const position = (page - 1) * perPage + list.users.length
        const next = nextPage(client, query, { page, perPage, url: state.request.url }, list.pages.next)
        if (E.isLeft(next)) throw next.left
        const followed = next.right
        const cap = client.pageCap
        let nextState: State | undefined
        if (followed !== undefined && withinCap(cap, followed.page, perPage)) {
          nextState = { request: followed.request, page: followed.page, perPage, skip: 0, usersSoFar }
        } else if (followed !== undefined) {
          const planned = planPage(cap, position, query.perPage)
          nextState = planned === undefined ? undefined : plannedState(client, query, planned, usersSoFar)
        }
        const stoppedAtCap =
          nextState === undefined &&
          followed !== undefined &&
          (list.total_count === undefined || list.total_count > cap)
        const value: UserPage = {
          users,
          page,
          perPage,
          totalPages: list.pages.total_pages,
          totalCount: list.total_count,
          usersSoFar,
          next: list.pages.next ?? null,
          stoppedAtCap,
          rateLimit: response.rateLimit,
          warnings: decoded.right.warnings,
          list,
        }
        return { value, next: nextState }
      }),
    )

/** The state of the first request of a query, or `undefined` when it starts past the cap. */
const firstState = (client: IntercomClient, query: Query): State | undefined => {
  if (startsPastCap(client.pageCap, query.page, query.perPage)) return undefined
  const first = withinCap(client.pageCap, query.page, query.perPage)
    ? { page: query.page, perPage: query.perPage, skip: 0 }
    : planPage(client.pageCap, (query.page - 1) * query.perPage, query.perPage)
  return first === undefined ? undefined : plannedState(client, query, first, 0)
}

/**
 * Every page of a validated query, lazily: a page is requested only when the one before it
 * has been emitted and the subscriber is still subscribed. `undefined` when the query starts
 * past the cap (the caller reports that).
 */
export const userPages = (client: IntercomClient, query: Query): PullableObservable<UserPage> | undefined => {
  const first = firstState(client, query)
  return first === undefined ? undefined : unfold<State, UserPage>(first, step(client, query))
}

/** How often a page served out of order is read again before the listing accepts it (deletions also lower the total). */
const MAX_REREADS = 2

/**
 * The same pages, `concurrency` at a time: page 1 gives `total_pages`, then the pages after it
 * (within the cap, and within `maxUsers` when given) are built by the pure builder and
 * requested with up to `concurrency` in flight, emitted in page order. Every page's own
 * `pages.next` is still checked, and a listing longer than `total_pages` said goes on
 * sequentially from the last page's `next`. Through the client's one rate limiter.
 *
 * Pulled (given `pulled`), a page is emitted only when asked for, and requests run for what is
 * asked plus `max(prefetch, concurrency - 1)` pages ahead, still `concurrency` at once.
 */
export const userPagesParallel = (
  client: IntercomClient,
  query: Query,
  concurrency: number,
  maxUsers = Number.POSITIVE_INFINITY,
  pulled?: OrderedDemand,
): Observable<UserPage> | undefined => {
  const first = firstState(client, query)
  if (first === undefined) return undefined
  const fetch = step(client, query)
  const read = (ledger: DemandLedger | undefined): Observable<UserPage> => {
    const readAhead = pulled === undefined ? 0 : Math.max(pulled.prefetch, concurrency - 1)
    /** The next page once asked for (at once when pushed). */
    const whenAsked = <A>(value: A): Observable<A> =>
      ledger === undefined
        ? of(value)
        : ledger.demand().pipe(
            take(1),
            map(() => value),
          )
    const sequentialFrom = (state: State): Observable<UserPage> =>
      ledger === undefined ? unfold(state, fetch) : unfold(state, fetch).pull(ledger.demand(), readAhead)
    // Pulled without read-ahead, even the first request waits to be asked for.
    const head$ = readAhead > 0 || ledger === undefined ? fetch(first) : whenAsked(first).pipe(concatMap(fetch))
    const pages = head$.pipe(
      concatMap(({ value: head, next }) => {
        if (head === undefined) return EMPTY
        const start = (head.page - 1) * head.perPage
        const last = Math.min(
          head.totalPages,
          Math.floor(client.pageCap / head.perPage),
          Math.ceil((start + maxUsers) / head.perPage),
        )
        if (next === undefined || last <= head.page || head.users.length < head.perPage) {
          return concat(whenAsked(head), next === undefined ? EMPTY : sequentialFrom(next))
        }
        let tail: State | undefined
        const count = last - head.page
        const stateOf = (page: number): State =>
          plannedState(client, query, { page, perPage: head.perPage, skip: 0 }, 0)
        let previous: UserPage = head
        /**
         * A page served before its predecessor, while users were created in between, may start
         * past where its predecessor ended (the listing shifted down between the two): the users
         * at the seam would be missed. Its `total_count` tells: lower than the predecessor's, it is
         * read again, now that the predecessor is in (a sequential listing's order of events).
         */
        const inOrder = (result: Step<State, UserPage>, rereads = 0): Observable<Step<State, UserPage>> => {
          const page = result.value as UserPage
          const shifted =
            page.totalCount !== undefined && previous.totalCount !== undefined && page.totalCount < previous.totalCount
          return shifted && rereads < MAX_REREADS
            ? fetch(stateOf(page.page)).pipe(concatMap((again) => inOrder(again, rereads + 1)))
            : of(result)
        }
        const middle = orderedParallel(
          count,
          concurrency,
          // The step has checked that the answer is the page asked for.
          (i) => fetch(stateOf(head.page + 1 + i)),
          ledger === undefined ? undefined : { demand$: ledger.demand(), prefetch: readAhead },
        ).pipe(
          concatMap((result) => inOrder(result)),
          map((result) => {
            const page = result.value as UserPage
            previous = page
            if (page.page === last) tail = result.next
            return page
          }),
        )
        return concat(
          whenAsked(head),
          middle,
          defer((): Observable<UserPage> => (tail === undefined ? EMPTY : sequentialFrom(tail))),
        )
      }),
    )
    // usersSoFar counts in emission order, whichever request finished first.
    let usersSoFar = 0
    return pages.pipe(map((page) => ({ ...page, usersSoFar: (usersSoFar += page.users.length) })))
  }
  return pulled === undefined ? defer(() => read(undefined)) : withDemandLedger(pulled.demand$, read)
}
