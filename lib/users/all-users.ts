/**
 * Every user of the workspace, each once: page iteration while the listing fits under the cap,
 * the Scroll API beyond it.
 *
 * @module
 */
import type { IntercomClient } from '../core/client.js'
import { pullable, type PullableObservable } from '../core/observe.js'
import type { Concurrency } from '../paging/concurrency.js'
import { IdSet } from '../paging/id-set.js'
import type { ScrollOptions } from '../paging/scroll.js'
import { unscrollableParams } from './cap.js'
import { firstPage, pagesFrom } from './list-users.js'
import { MAX_PER_PAGE, type ListUsersParams } from './params.js'
import { scrollUserPagesOf } from './scroll-users.js'
import type { User } from './user.js'

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
 *
 * @example
 * ```ts
 * allUserPages(client).subscribe((p) => console.log(`${p.path}: ${p.users.length} users`))
 * ```
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
    const first = await firstPage(client, pagesParams, options.concurrency, signal)
    const { query } = first
    let total: number | undefined = first.head.page.total_count
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
      const pages = pagesFrom(client, first, options.concurrency ?? 1, Number.POSITIVE_INFINITY, signal)
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
    for await (const p of scrollUserPagesOf(client, options, signal))
      yield page(p.users.filter(fresh), p.warnings, 'scroll')
  }

/**
 * Every user of the workspace, each once: page iteration (deduplicated by id) when the first
 * page's `total_count` fits under the cap, the Scroll API when it does not. Beyond the cap,
 * `createdSince` is applied on the client to the scrolled users; `email`, `phone`, `sort`,
 * `order` and `page` cannot be honoured by the Scroll API and end with `InvalidParams`.
 *
 * @example
 * ```ts
 * allUsers(client, {}, { onPath: (path) => console.error(`reading via ${path}`) }).subscribe(save)
 * ```
 */
export const allUsers = (
  client: IntercomClient,
  params?: ListUsersParams,
  options: AllUsersOptions = {},
): PullableObservable<User> => pullable(allPages(client, params, options), (page) => page.users)
