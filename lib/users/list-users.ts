/**
 * List Users (API 1.x): `listUsers` and `listUserPages`, numbered pages read one after the other
 * or through an ordered parallel window, stopping cleanly at Intercom's cap.
 *
 * @module
 */
import type { IntercomClient } from '../core/client.js'
import type { PageRead } from '../core/endpoint.js'
import { pullable, type PullableObservable } from '../core/observe.js'
import { readPage } from '../core/read-page.js'
import { orThrow } from '../core/validate.js'
import type { RateLimit } from '../transport/rate-limit.js'
import { checkConcurrency, type Concurrency } from '../paging/concurrency.js'
import { numberedPages, type NumberedPosition, type NumberedRead } from '../paging/numbered.js'
import { firstPosition, startsPastCapFault } from './cap.js'
import { hasNextLink, listUsersWalk } from './endpoints.js'
import { validateParams, type ListUsersParams, type Query } from './params.js'
import type { UserList } from './user-list.js'
import type { User } from './user.js'

/** How pages are fetched. */
export interface ListOptions {
  /**
   * Pages in flight at once (default 1). Above 1, page 1 gives `total_pages` and the pages after
   * it are requested in parallel through the client's rate limiter, emitted in page order; the
   * users are exactly those of a sequential run. Pulled (`toAsyncIterable`, `pullConcatMap`),
   * pages are still requested in parallel, and emitted as asked for with at most
   * `max(prefetch, concurrency - 1)` read ahead. `'auto'` picks it before each request from the
   * client's rate-limit window and the latency it measures, up to 32: as many as help while the
   * pages left fit in the window, fewer when the window runs low, half after a 429 (each page's
   * `concurrency` says what it picked).
   */
  readonly concurrency?: Concurrency
  /**
   * With `concurrency` above 1: no page is requested past the one holding the `limit`-th user
   * (apply `take(limit)` for the exact count). Sequential listing needs none: `take` suffices.
   */
  readonly limit?: number
}

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

type UsersRead = NumberedRead<UserList, User>

/** A read page as the listing's `UserPage` (`usersSoFar` counted by the caller). */
const userPageOf = (client: IntercomClient, read: UsersRead, usersSoFar: number): UserPage => {
  const list = read.page
  const total = list.total_count
  return {
    users: read.items,
    page: read.position.page,
    perPage: read.position.perPage,
    totalPages: list.pages.total_pages,
    totalCount: total,
    usersSoFar,
    next: list.pages.next ?? null,
    // More was said to follow, but the cap stopped it.
    stoppedAtCap: read.next === undefined && hasNextLink(list) && (total === undefined || total > client.pageCap),
    rateLimit: read.rateLimit,
    concurrency: read.concurrency,
    warnings: read.warnings,
    list,
  }
}

/** A listing's query and first page: params and concurrency checked, then page 1 read. */
export interface Head {
  readonly query: Query
  readonly head: PageRead<NumberedPosition, UserList, User>
}

/** The params and the concurrency checked, then the listing's first page read. */
export const firstPage = async (
  client: IntercomClient,
  params: ListUsersParams | undefined,
  concurrency: Concurrency | undefined,
  signal: AbortSignal,
): Promise<Head> => {
  orThrow(checkConcurrency(concurrency))
  const query = orThrow(validateParams(params))
  const first = firstPosition(client.pageCap, query)
  if (first === undefined) throw startsPastCapFault(client.pageCap, query.page, query.perPage)
  return { query, head: await readPage(client, listUsersWalk(client, query).endpoint, first, signal) }
}

/**
 * Every page of a listing from its first on, each read when asked for, `concurrency` requests
 * at a time (within the cap, and within `maxUsers`); `usersSoFar` counts in page order.
 */
export async function* pagesFrom(
  client: IntercomClient,
  { query, head }: Head,
  concurrency: Concurrency,
  maxUsers: number,
  signal: AbortSignal,
): AsyncGenerator<UserPage> {
  let usersSoFar = 0
  for await (const read of numberedPages(client, listUsersWalk(client, query), head, concurrency, maxUsers, signal))
    yield userPageOf(client, read, (usersSoFar += read.items.length))
}

/** The engine of {@link listUserPages}: params checked when it starts, before any request. */
export const listPages = (client: IntercomClient, params: ListUsersParams | undefined, options: ListOptions) =>
  async function* (signal: AbortSignal): AsyncGenerator<UserPage> {
    const first = await firstPage(client, params, options.concurrency, signal)
    yield* pagesFrom(client, first, options.concurrency ?? 1, options.limit ?? Number.POSITIVE_INFINITY, signal)
  }

/**
 * The pages of List Users, each decoded with its progress (page, totalPages, totalCount,
 * usersSoFar, next). Cold and lazy: nothing is sent until subscribe, a page is requested
 * only when the previous one was emitted and is still wanted, and unsubscribing aborts the
 * request in flight. Invalid params error with `InvalidParams` before any request.
 *
 * @example
 * ```ts
 * listUserPages(client, { perPage: 60 }).subscribe((p) => console.log(`${p.usersSoFar}/${p.totalCount}`))
 * ```
 */
export const listUserPages = (
  client: IntercomClient,
  params?: ListUsersParams,
  options: ListOptions = {},
): PullableObservable<UserPage> => pullable(listPages(client, params, options), (page) => [page])

/**
 * Every user of List Users, in the server's order, one emission a user. Same laziness as
 * {@link listUserPages}: `listUsers(c, { perPage: 50 }).pipe(take(120))` sends 3 requests.
 *
 * @example
 * ```ts
 * listUsers(client, { order: 'asc' }).pipe(filter((u) => u.email !== null), take(100))
 * ```
 */
export const listUsers = (
  client: IntercomClient,
  params?: ListUsersParams,
  options: ListOptions = {},
): PullableObservable<User> => pullable(listPages(client, params, options), (page) => page.users)
