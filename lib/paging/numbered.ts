/**
 * The page engine of List Users, an async generator: read a page, decode and check it, yield it
 * with its progress, and follow `pages.next` (guarded) when asked for the next page. In
 * parallel, page 1 gives `total_pages` and the pages after it are read through an ordered
 * window of requests in flight. At the cap it stops cleanly, after the one request that still
 * serves the users just under it.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { decodeUserList, type UserList } from '../users/user-list.js'
import type { User } from '../users/user.js'
import { notPageAskedFor, pageOverfull, undecodablePage } from '../core/errors.js'
import type { Query } from '../users/params.js'
import { listUsersRequest, type HttpRequest } from '../core/http-request.js'
import type { IntercomClient } from '../core/client.js'
import type { RateLimit } from '../transport/rate-limit.js'
import { sendRequest } from '../transport/send.js'
import { planPage, startsPastCap, withinCap, type PlannedPage } from './cap.js'
import { autoConcurrency, type Concurrency } from './concurrency.js'
import { nextPage } from '../users/next-page.js'

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
  /** Pages the listing allowed in flight when it asked for this one: the fixed concurrency, or what `auto` picked. */
  readonly concurrency: number
  /** Descriptive fields with an undocumented type, decoded to `null` (one line each). */
  readonly warnings: ReadonlyArray<string>
  /** The page as decoded, with every field the server sent. */
  readonly list: UserList
}

/** A request for a page; `skip`: users at its start already emitted (a page planned at the cap overlaps). */
interface State extends PlannedPage {
  readonly request: HttpRequest
}

/** A page read, and the request that follows it (none at the end or at the cap). */
export interface Read {
  readonly page: UserPage
  readonly next: State | undefined
}

const stateOf = (client: IntercomClient, query: Query, planned: PlannedPage): State => ({
  ...planned,
  request: listUsersRequest(
    client.baseUrl,
    { ...query, page: planned.page, perPage: planned.perPage },
    client.userAgent,
    client.apiVersion,
  ),
})

/** Reads the page `state` asks for and checks that it is that page; `usersSoFar` is set by the caller. */
const read = async (client: IntercomClient, query: Query, state: State, signal: AbortSignal): Promise<Read> => {
  const response = await sendRequest(client, state.request, signal)
  const { url } = state.request
  const decoded = decodeUserList(response.body)
  if (E.isLeft(decoded)) throw undecodablePage(decoded.left, url, response.rateLimit)
  const list = decoded.right.value
  const { page, perPage } = state
  if (list.users.length > list.pages.per_page) throw pageOverfull(list.users.length, list.pages.per_page, url)
  if (list.pages.page !== page || list.pages.per_page !== perPage)
    throw notPageAskedFor({ page, perPage }, { page: list.pages.page, perPage: list.pages.per_page }, url)
  const followed = nextPage(client, query, { page, perPage, url }, list.pages.next)
  if (E.isLeft(followed)) throw followed.left
  const cap = client.pageCap
  let next: State | undefined
  if (followed.right !== undefined && withinCap(cap, followed.right.page, perPage)) {
    next = { request: followed.right.request, page: followed.right.page, perPage, skip: 0 }
  } else if (followed.right !== undefined) {
    const planned = planPage(cap, (page - 1) * perPage + list.users.length, query.perPage)
    next = planned === undefined ? undefined : stateOf(client, query, planned)
  }
  const stoppedAtCap =
    next === undefined && followed.right !== undefined && (list.total_count === undefined || list.total_count > cap)
  const users = state.skip === 0 ? list.users : list.users.slice(state.skip)
  return {
    page: {
      users,
      page,
      perPage,
      totalPages: list.pages.total_pages,
      totalCount: list.total_count,
      usersSoFar: 0,
      next: list.pages.next ?? null,
      stoppedAtCap,
      rateLimit: response.rateLimit,
      concurrency: 1,
      warnings: decoded.right.warnings,
      list,
    },
    next,
  }
}

/** The first request of a query, or `undefined` when it starts past the cap. */
const firstState = (client: IntercomClient, query: Query): State | undefined => {
  if (startsPastCap(client.pageCap, query.page, query.perPage)) return undefined
  const first = withinCap(client.pageCap, query.page, query.perPage)
    ? { page: query.page, perPage: query.perPage, skip: 0 }
    : planPage(client.pageCap, (query.page - 1) * query.perPage, query.perPage)
  return first === undefined ? undefined : stateOf(client, query, first)
}

/** The pages from `state` on, one request at a time. */
async function* sequential(client: IntercomClient, query: Query, state: State | undefined, signal: AbortSignal) {
  while (state !== undefined) {
    const { page, next } = await read(client, query, state, signal)
    yield page
    state = next
  }
}

/** How often a page served out of order is read again before the listing accepts it (deletions also lower the total). */
const MAX_REREADS = 2

/**
 * The pages after page 1 (`head`) with up to `concurrency` requests in flight (`auto`: as many
 * as {@link autoConcurrency} picks before each request), yielded in page order; while the
 * consumer holds a page, one fewer are in flight. Every page's own `pages.next` is still
 * checked, and a listing longer than `total_pages` said goes on sequentially from the last
 * page's `next`.
 */
async function* parallel(
  client: IntercomClient,
  query: Query,
  head: Read,
  concurrency: Concurrency,
  maxUsers: number,
  signal: AbortSignal,
) {
  const { page: first, perPage } = head.page
  const start = (first - 1) * perPage
  const last = Math.min(
    head.page.totalPages,
    Math.floor(client.pageCap / perPage),
    Math.ceil((start + maxUsers) / perPage),
  )
  if (head.next === undefined || last <= first || head.page.users.length < perPage) {
    yield head.page
    return yield* sequential(client, query, head.next, signal)
  }
  const window: Array<{ readonly reading: Promise<Read>; readonly size: number }> = []
  let launched = first
  /** Fills the window up to what the concurrency allows now, one fewer while the consumer holds a page. */
  const launch = (holding: number): void => {
    for (;;) {
      const size =
        concurrency === 'auto'
          ? autoConcurrency(client.limiter.budget(), { inFlight: window.length, pagesLeft: last - launched })
          : concurrency
      // One page is always on its way, however low the pick: the window never runs dry before the last page.
      if (launched >= last || (window.length > 0 && window.length >= size - holding)) return
      launched += 1
      const reading = read(client, query, stateOf(client, query, { page: launched, perPage, skip: 0 }), signal)
      // Handled here too, so a request that fails while an earlier page is awaited is no unhandled rejection.
      reading.catch(() => undefined)
      window.push({ reading, size })
    }
  }
  launch(1)
  yield head.page
  let previous = head
  while (window.length > 0) {
    launch(0)
    const { reading, size } = window.shift() as { reading: Promise<Read>; size: number }
    let current = await reading
    /**
     * A page served before its predecessor, while users were created in between, may start past
     * where its predecessor ended (the listing shifted down between the two): the users at the
     * seam would be missed. Its `total_count` tells: lower than the predecessor's, it is read
     * again, now that the predecessor is in (a sequential listing's order of events).
     */
    for (let rereads = 0; rereads < MAX_REREADS; rereads++) {
      const [now, before] = [current.page.totalCount, previous.page.totalCount]
      if (now === undefined || before === undefined || now >= before) break
      current = await read(client, query, stateOf(client, query, { page: current.page.page, perPage, skip: 0 }), signal)
    }
    previous = current
    launch(1)
    yield { ...current.page, concurrency: size }
  }
  if (previous.page.page === last) yield* sequential(client, query, previous.next, signal)
}

/** The first page of a validated query, or `undefined` (and no request) when it starts past the cap. */
export const readFirst = async (
  client: IntercomClient,
  query: Query,
  signal: AbortSignal,
): Promise<Read | undefined> => {
  const first = firstState(client, query)
  return first === undefined ? undefined : read(client, query, first, signal)
}

/**
 * Every page of a validated query from its first page on, each read when asked for,
 * `concurrency` requests at a time (within the cap, and within `maxUsers`). `usersSoFar` counts
 * in page order.
 */
export async function* pagesFrom(
  client: IntercomClient,
  query: Query,
  head: Read,
  concurrency: Concurrency,
  maxUsers: number,
  signal: AbortSignal,
): AsyncGenerator<UserPage> {
  let usersSoFar = 0
  const pages =
    concurrency === 1
      ? prepend(head.page, sequential(client, query, head.next, signal))
      : parallel(client, query, head, concurrency, maxUsers, signal)
  for await (const page of pages) yield { ...page, usersSoFar: (usersSoFar += page.users.length) }
}

async function* prepend<T>(first: T, rest: AsyncIterable<T>) {
  yield first
  yield* rest
}
