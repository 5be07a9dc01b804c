/**
 * Every user over the Scroll API (1.x), each exactly once through lost answers, 5xx, network
 * errors and expiry: the scroll strategy of `paging/scroll.ts` on the Scroll API's endpoint.
 *
 * @module
 */
import type { IntercomClient } from '../core/client.js'
import { pullable, type PullableObservable } from '../core/observe.js'
import { scrollPages, type ScrollOptions } from '../paging/scroll.js'
import { scrollEndpoint } from './endpoints.js'
import type { User } from './user.js'

/** A page of a scroll: only users not emitted before, with where the scroll stands. */
export interface ScrollPage {
  /** This page's users not emitted before (a recovering pass skips those already seen). */
  readonly users: ReadonlyArray<User>
  /** Which pass over the workspace this page came from, from 1. */
  readonly pass: number
  /** Users emitted so far, this page's included. */
  readonly usersSoFar: number
  /** Requests sent so far (scroll pages and retries). */
  readonly requests: number
  /** Path-precise notes on odd fields this page carried (decoded to `null`). */
  readonly warnings: ReadonlyArray<string>
}

/** The scroll's pages, as the users façade names them. */
export async function* scrollUserPagesOf(
  client: IntercomClient,
  options: ScrollOptions,
  signal: AbortSignal,
): AsyncGenerator<ScrollPage> {
  for await (const { items, soFar, ...rest } of scrollPages(client, scrollEndpoint(client), options, signal))
    yield { users: items, usersSoFar: soFar, ...rest }
}

/**
 * Every user of the workspace over the Scroll API, each exactly once, through lost
 * responses, 5xx answers, network errors and expiry (see `docs/beyond-10000.md`). Pull-based:
 * the next scroll page is requested only when the previous one has been emitted and is still
 * wanted. Takes no filters: the Scroll API has none.
 *
 * @example
 * ```ts
 * scrollUsers(client).pipe(bufferCount(500), concatMap(saveBatch))
 * ```
 */
export const scrollUsers = (client: IntercomClient, options: ScrollOptions = {}): PullableObservable<User> =>
  pullable(
    (signal) => scrollUserPagesOf(client, options, signal),
    (page) => page.users,
  )

/**
 * The pages of {@link scrollUsers}, with where the scroll stands (pass, users so far, requests):
 * only users not emitted before, through the same recovery. Pull-based like every listing.
 *
 * @example
 * ```ts
 * scrollUserPages(client).subscribe((p) => console.log(`pass ${p.pass}: ${p.usersSoFar} users`))
 * ```
 */
export const scrollUserPages = (client: IntercomClient, options: ScrollOptions = {}): PullableObservable<ScrollPage> =>
  pullable(
    (signal) => scrollUserPagesOf(client, options, signal),
    (page) => [page],
  )
