/**
 * The public façade: what most callers use.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type { User } from './user.js'
import { badConcurrency, changesPastCap, startsPastCap, unscrollableParams } from '../core/errors.js'
import { changeOptionsFault, versionsAfter, type ChangeOptions, type ChangeWatermark } from '../paging/changes.js'
import { IdSet } from '../paging/id-set.js'
import { pullable, type PullableObservable } from '../core/observe.js'
import { scrollPages, type ScrollOptions, type ScrollPage } from '../paging/scroll.js'
import { MAX_PER_PAGE, validateParams, type ListUsersParams, type Query } from './params.js'
import { pagesFrom, readFirst, type Read, type UserPage } from '../paging/numbered.js'
import type { IntercomClient } from '../core/client.js'
import type { Concurrency } from '../paging/concurrency.js'

/** How pages are fetched. */
export interface ListOptions {
  /**
   * Pages in flight at once (default 1). Above 1, page 1 gives `total_pages` and the pages after
   * it are requested in parallel through the client's rate limiter, emitted in page order; the
   * users are exactly those of a sequential run. Pulled (`toAsyncIterable`, `pullConcatMap`),
   * pages are still requested in parallel, and emitted as asked for with at most
   * `max(prefetch, concurrency - 1)` read ahead. `'auto'` picks it before each request from the
   * client's rate-limit window and the latency it measures, up to `AUTO_CEILING` (32): as many
   * as help while the pages left fit in the window, fewer when the window runs low, half after
   * a 429 (each page's `concurrency` says what it picked).
   */
  readonly concurrency?: Concurrency
  /**
   * With `concurrency` above 1: no page is requested past the one holding the `limit`-th user
   * (apply `take(limit)` for the exact count). Sequential listing needs none: `take` suffices.
   */
  readonly limit?: number
}

/**
 * The pages of List Users, each decoded with its progress (page, totalPages, totalCount,
 * usersSoFar, next). Cold and lazy: nothing is sent until subscribe, a page is requested
 * only when the previous one was emitted and is still wanted, and unsubscribing aborts the
 * request in flight. Invalid params error with `InvalidParams` before any request.
 *
 * @example
 * listUserPages(client, { perPage: 60 }).subscribe((p) => console.log(`${p.usersSoFar}/${p.totalCount}`))
 */
export const listUserPages = (
  client: IntercomClient,
  params?: ListUsersParams,
  options: ListOptions = {},
): PullableObservable<UserPage> => pullable(listPages(client, params, options), (page) => [page])

/** The engine of {@link listUserPages}: params checked when it starts, before any request. */
const listPages = (client: IntercomClient, params: ListUsersParams | undefined, options: ListOptions) =>
  async function* (signal: AbortSignal): AsyncGenerator<UserPage> {
    const { query, head } = await firstPage(client, params, options.concurrency, signal)
    const limit = options.limit ?? Number.POSITIVE_INFINITY
    yield* pagesFrom(client, query, head, options.concurrency ?? 1, limit, signal)
  }

/** The params and the concurrency checked, then the listing's first page read. */
const firstPage = async (
  client: IntercomClient,
  params: ListUsersParams | undefined,
  concurrency: Concurrency | undefined,
  signal: AbortSignal,
): Promise<{ readonly query: Query; readonly head: Read }> => {
  if (!(concurrency === undefined || concurrency === 'auto' || (Number.isInteger(concurrency) && concurrency >= 1)))
    throw badConcurrency(concurrency)
  const query = validateParams(params)
  if (E.isLeft(query)) throw query.left
  const head = await readFirst(client, query.right, signal)
  if (head === undefined) throw startsPastCap(query.right.page, query.right.perPage, client.pageCap)
  return { query: query.right, head }
}

/**
 * Every user of List Users, in the server's order, one emission a user. Same laziness as
 * {@link listUserPages}: `listUsers(c, { perPage: 50 }).pipe(take(120))` sends 3 requests.
 *
 * @example
 * listUsers(client, { order: 'asc' }).pipe(filter((u) => u.email !== null), take(100))
 */
export const listUsers = (
  client: IntercomClient,
  params?: ListUsersParams,
  options: ListOptions = {},
): PullableObservable<User> => pullable(listPages(client, params, options), (page) => page.users)

/**
 * Every user of the workspace over the Scroll API, each exactly once, through lost
 * responses, 5xx answers, network errors and expiry (see `docs/beyond-10000.md`). Pull-based:
 * the next scroll page is requested only when the previous one has been emitted and is still
 * wanted. Takes no filters: the Scroll API has none.
 *
 * @example
 * scrollUsers(client).pipe(bufferCount(500), concatMap(saveBatch))
 */
export const scrollUsers = (client: IntercomClient, options: ScrollOptions = {}): PullableObservable<User> =>
  pullable(
    (signal) => scrollPages(client, options, signal),
    (page) => page.users,
  )

/**
 * The pages of {@link scrollUsers}, with where the scroll stands (pass, users so far, requests):
 * only users not emitted before, through the same recovery. Pull-based like every listing.
 *
 * @example
 * scrollUserPages(client).subscribe((p) => console.log(`pass ${p.pass}: ${p.usersSoFar} users`))
 */
export const scrollUserPages = (client: IntercomClient, options: ScrollOptions = {}): PullableObservable<ScrollPage> =>
  pullable(
    (signal) => scrollPages(client, options, signal),
    (page) => [page],
  )

/** Which way `allUsers` read the workspace. */
export type AllUsersPath = 'pages' | 'scroll'

/** `allUsers`'s options: the scroll's, and a callback told which path was taken. */
export interface AllUsersOptions extends ScrollOptions {
  /** Pages in flight at once while page iteration serves (see {@link ListOptions}; default 1). */
  readonly concurrency?: Concurrency
  /**
   * Called after the first page: `pages` when the listing fits under the cap, else `scroll`; and
   * called again with `scroll` if the pages reach the cap with users left (the workspace grew
   * during the listing, or did not say its total), as the Scroll API then reads the rest.
   */
  readonly onPath?: (path: AllUsersPath, totalCount: number | undefined) => void
}

const DAY_SECONDS = 86_400

/** What the Scroll API cannot honour of a caller's params: their names. */
const unscrollable = (params: ListUsersParams | undefined): ReadonlyArray<string> =>
  Object.entries(params ?? {})
    .filter(([k, v]) => v !== undefined && ['email', 'phone', 'sort', 'order', 'page'].includes(k))
    .map(([k]) => k)

/** A page of `allUsers`: users not emitted before, and which path served them. */
export interface AllUsersPage {
  /** This page's users not emitted before, in the server's order. */
  readonly users: ReadonlyArray<User>
  /** The API that served them: List Users (`pages`) or the Scroll API (`scroll`). */
  readonly path: AllUsersPath
  /** The listing's `total_count` from the first page. */
  readonly totalCount: number | undefined
  /** Users emitted so far, this page's included. */
  readonly usersSoFar: number
  /** Path-precise notes on odd fields this page carried (decoded to `null`). */
  readonly warnings: ReadonlyArray<string>
}

/**
 * The pages of {@link allUsers}, with progress: page iteration while the listing fits under
 * the cap, the Scroll API when it does not. It can be pulled (`toAsyncIterable`,
 * `pullConcatMap`) on either path: a slow consumer holds the requests on both.
 */
export const allUserPages = (
  client: IntercomClient,
  params?: ListUsersParams,
  options: AllUsersOptions = {},
): PullableObservable<AllUsersPage> => pullable(allPages(client, params, options), (page) => [page])

/** The engine of {@link allUserPages}: the first page alone decides the path. */
const allPages = (client: IntercomClient, params: ListUsersParams | undefined, options: AllUsersOptions) =>
  async function* (signal: AbortSignal): AsyncGenerator<AllUsersPage> {
    const pagesParams: ListUsersParams = { perPage: MAX_PER_PAGE, ...params }
    const { query, head } = await firstPage(client, pagesParams, options.concurrency, signal)
    let total = head.page.totalCount
    let usersSoFar = 0
    const page = (users: ReadonlyArray<User>, warnings: ReadonlyArray<string>, path: AllUsersPath): AllUsersPage => ({
      users,
      path,
      totalCount: total,
      usersSoFar: (usersSoFar += users.length),
      warnings,
    })
    // Pages shift when users are created during a listing: remember every id to emit each once.
    const seen = new IdSet()
    // The first page alone decides the path: no page is read ahead for a listing that turns to the Scroll API.
    let path: AllUsersPath = total !== undefined && total > client.pageCap ? 'scroll' : 'pages'
    options.onPath?.(path, total)
    if (path === 'pages') {
      const pages = pagesFrom(client, query, head, options.concurrency ?? 1, Number.POSITIVE_INFINITY, signal)
      for await (const p of pages) {
        // The workspace grew past the cap during the listing (or never said its total): the
        // users the pages could not reach are read over the Scroll API, deduplicated.
        if (p.stoppedAtCap) {
          path = 'scroll'
          total = p.totalCount
          options.onPath?.(path, total)
        }
        yield page(
          p.users.filter((u) => seen.add(u.id)),
          p.warnings,
          'pages',
        )
      }
      if (path === 'pages') return
    }
    const refused = unscrollable(params)
    if (refused.length > 0) throw unscrollableParams(refused, total, client.pageCap)
    const createdSince = query.kind === 'all' ? query.createdSince : undefined
    const since = createdSince === undefined ? undefined : Math.floor(Date.now() / 1000) - createdSince * DAY_SECONDS
    const recent = (u: User): boolean =>
      since === undefined || (typeof u.created_at === 'number' && u.created_at >= since)
    const fresh = (u: User): boolean => recent(u) && (seen.size === 0 || seen.add(u.id))
    for await (const p of scrollPages(client, options, signal)) yield page(p.users.filter(fresh), p.warnings, 'scroll')
  }

/**
 * Every user of the workspace, each once: page iteration (deduplicated by id) when the first
 * page's `total_count` fits under the cap, the Scroll API when it does not. Beyond the cap,
 * `createdSince` is applied on the client to the scrolled users; `email`, `phone`, `sort`,
 * `order` and `page` cannot be honoured by the Scroll API and end with `InvalidParams`.
 *
 * @example
 * allUsers(client, {}, { onPath: (path) => console.error(`reading via ${path}`) }).subscribe(save)
 */
export const allUsers = (
  client: IntercomClient,
  params?: ListUsersParams,
  options: AllUsersOptions = {},
): PullableObservable<User> => pullable(allPages(client, params, options), (page) => page.users)

/** A version of a user, and the watermark once it is emitted. */
export interface UserChange {
  readonly user: User
  readonly watermark: ChangeWatermark
}

/**
 * Every change to the workspace's users after a watermark, as it happens (API 1.x): each version of
 * a user (created or updated) once, in `updated_at` order, polling List Users sorted by
 * `updated_at`, newest first, down to the watermark, every `every` ms. Each change carries the
 * watermark after it: `userChanges(client, { since: watermark })` resumes with nothing lost and
 * nothing repeated. List Users does not lag, so `lagSeconds` defaults to 0 here. When more users
 * changed since the watermark than page iteration reaches (10,000), it fails with
 * `PageLimitReached`: export with `allUsers`, then follow from the time the export started.
 *
 * @example
 * userChanges(client, { since: saved ?? Math.floor(Date.now() / 1000) - 3_600 }).subscribe(({ user, watermark }) => sync(user, watermark))
 */
export const userChanges = (client: IntercomClient, options: ChangeOptions): PullableObservable<UserChange> =>
  pullable(
    async function* (signal: AbortSignal) {
      const fault = changeOptionsFault(options)
      if (fault !== undefined) throw fault
      const params: ListUsersParams = { sort: 'updated_at', order: 'desc', perPage: options.perPage ?? MAX_PER_PAGE }
      const poll = async function* (mark: ChangeWatermark, inner: AbortSignal): AsyncGenerator<ReadonlyArray<User>> {
        for await (const page of listPages(client, params, {})(inner)) {
          yield page.users
          const oldest = page.users.at(-1)?.updated_at
          // Newest first: a page that reaches below the watermark is the last one needed.
          if (typeof oldest === 'number' && oldest < mark.updatedAt) return
          if (page.stoppedAtCap) throw changesPastCap(mark.updatedAt, client.pageCap)
        }
      }
      for await (const change of versionsAfter(poll, { lagSeconds: 0, ...options }, signal))
        yield { user: change.record, watermark: change.watermark }
    },
    (change) => [change],
  )
