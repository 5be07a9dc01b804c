/**
 * The scroll engine: every user of the workspace over the Scroll API, each exactly once,
 * through lost responses, 5xx answers, network errors and expiry.
 *
 * Intercom's advice is to restart a broken scroll, but a restart re-reads from the start, so a
 * long scroll with occasional faults would never finish by restarting alone. The engine:
 * 1. carries on with the same `scroll_param` after a failed request (the transport's retries; a
 *    lost response may have advanced the server's position: that page is skipped, and found
 *    again in step 3);
 * 2. at the end of a pass (an empty page) reads the workspace's `total_count` (one request);
 * 3. when fewer users were emitted, scrolls again from the start, emitting only users not yet
 *    seen, and stops as soon as the count is reached;
 * 4. restarts outright when the scroll cannot continue (expired, or the client's retries spent), after
 *    waiting out the app's scroll lock (`scroll_exists`) within a budget.
 * Ids already emitted are kept in a compact exact set (about 34 bytes a user).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { catchError, concatMap, defer, map, of, throwError, timer, type Observable } from 'rxjs'
import { decodeScrollList } from '../codecs/scroll-list.js'
import { decodeUserList } from '../codecs/user-list.js'
import type { User } from '../codecs/user.js'
import { intercomError, isIntercomError, type IntercomError } from '../errors.js'
import { countUsersRequest, scrollRequest, type HttpRequest } from '../request.js'
import type { IntercomClient } from '../transport/client.js'
import { isRetryable } from '../transport/retry.js'
import { send } from '../transport/send.js'
import { IdSet } from './id-set.js'
import { PullableObservable } from './pullable.js'
import { unfold, type Step } from './unfold.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** How a scroll recovers; every field has a default. */
export interface ScrollOptions {
  /** How long to wait out another scroll's lock (`scroll_exists`), in ms (default 75,000: Intercom's minute of expiry and a margin). */
  readonly lockWaitMs?: number
  /** How often to try again while the lock is held, in ms (default 5,000). */
  readonly lockPollMs?: number
  /** Scroll passes (the first, and each reconciling or restarting one) before giving up (default 10). */
  readonly maxPasses?: number
}

/** A page of a scroll: only users not emitted before, with where the scroll stands. */
export interface ScrollPage {
  /** This page's users not emitted before (a restarted pass skips those already seen). */
  readonly users: ReadonlyArray<User>
  /** Which pass over the workspace this page came from, from 1. */
  readonly pass: number
  /** Users emitted so far, this page's included. */
  readonly usersSoFar: number
  /** Requests sent so far (scroll pages, counts, retries). */
  readonly requests: number
  /** Path-precise notes on odd fields this page carried (decoded to `null`). */
  readonly warnings: ReadonlyArray<string>
}

type State =
  | {
      readonly kind: 'scroll'
      readonly param: string | undefined
      readonly pass: number
      /** Time spent waiting for the lock before this start. */
      readonly lockWaitedMs: number
      /** Wait this long before the request. */
      readonly delayMs: number
      /** Stop once this many users were emitted (known from the count after a pass). */
      readonly target: number | undefined
    }
  | { readonly kind: 'count'; readonly pass: number; readonly expired: boolean }

// -------------------------------------------------------------------------------------
// engine
// -------------------------------------------------------------------------------------

/** The scroll's pages; `scrollUsers` flattens them. */
export const scrollPages = (client: IntercomClient, options: ScrollOptions = {}): PullableObservable<ScrollPage> => {
  const lockWaitMs = options.lockWaitMs ?? 75_000
  const lockPollMs = options.lockPollMs ?? 5_000
  const maxPasses = options.maxPasses ?? 10

  return new PullableObservable<ScrollPage>((demand$, prefetch) =>
    defer(() => {
      const seen = new IdSet()
      let requests = 0
      const request = (req: HttpRequest, delayMs: number) =>
        (delayMs > 0 ? timer(delayMs) : of(0)).pipe(
          concatMap(() => {
            requests += 1
            return send(client, req)
          }),
        )
      // A page with no user not emitted before is not emitted (and costs no demand).
      const page = (
        users: ReadonlyArray<User>,
        pass: number,
        warnings: ReadonlyArray<string> = [],
      ): ScrollPage | undefined =>
        users.length === 0 ? undefined : { users, pass, usersSoFar: seen.size, requests, warnings }
      const restart = (pass: number, e: IntercomError): Step<State, ScrollPage> => {
        if (pass >= maxPasses) {
          throw intercomError(
            e._tag === 'ScrollExpired' ? 'ScrollExpired' : 'ScrollIncomplete',
            `The scroll could not be completed in ${maxPasses} passes (${seen.size} users emitted; last failure: ${e.message}). ` +
              'Raise maxPasses, or try again later.',
            { attempts: pass, ...(e.status === undefined ? {} : { status: e.status }) },
          )
        }
        return {
          value: undefined,
          next: {
            kind: 'scroll',
            param: undefined,
            pass: pass + 1,
            lockWaitedMs: 0,
            delayMs: 0,
            target: undefined,
          },
        }
      }

      const scrollStep = (state: Extract<State, { kind: 'scroll' }>): Observable<Step<State, ScrollPage>> =>
        request(scrollRequest(client.baseUrl, state.param, client.userAgent, client.apiVersion), state.delayMs).pipe(
          map((response): Step<State, ScrollPage> => {
            const decoded = decodeScrollList(response.body)
            if (E.isLeft(decoded)) throw decoded.left
            const list = decoded.right.value
            if (list.users.length === 0)
              return { value: undefined, next: { kind: 'count', pass: state.pass, expired: false } }
            const fresh = (list.users as ReadonlyArray<User>).filter((u) => seen.add(u.id))
            const done = state.target !== undefined && seen.size >= state.target
            return {
              value: page(fresh, state.pass, decoded.right.warnings),
              next: done ? undefined : { ...state, param: list.scroll_param, lockWaitedMs: 0, delayMs: 0 },
            }
          }),
          catchError((e: unknown): Observable<Step<State, ScrollPage>> => {
            if (!isIntercomError(e)) return throwError(() => e)
            if (e._tag === 'ScrollExists' && state.param === undefined) {
              if (state.lockWaitedMs >= lockWaitMs) {
                return throwError(() =>
                  intercomError(
                    'ScrollExists',
                    `Another scroll held this app's scroll lock for over ${lockWaitMs} ms. Intercom allows one scroll at a ` +
                      'time and releases an unused one after a minute; stop the other export or raise lockWaitMs.',
                    {
                      ...(e.status === undefined ? {} : { status: e.status }),
                      attempts: state.lockWaitedMs / lockPollMs + 1,
                    },
                  ),
                )
              }
              return of({
                value: undefined,
                next: { ...state, lockWaitedMs: state.lockWaitedMs + lockPollMs, delayMs: lockPollMs },
              })
            }
            // Expired: ask the count first (the scroll may have ended on the page whose answer was lost).
            if (e._tag === 'ScrollExpired')
              return of({ value: undefined, next: { kind: 'count', pass: state.pass, expired: true } })
            // The transport already carried on with the same scroll_param as long as its retry
            // budget allowed: this scroll cannot go on, so restart.
            if (isRetryable(e) && e._tag !== 'RateLimited') return of(restart(state.pass, e))
            return throwError(() => e)
          }),
        )

      const countStep = (state: Extract<State, { kind: 'count' }>): Observable<Step<State, ScrollPage>> =>
        request(countUsersRequest(client.baseUrl, client.userAgent, client.apiVersion), 0).pipe(
          map((response): Step<State, ScrollPage> => {
            const decoded = decodeUserList(response.body)
            if (E.isLeft(decoded)) throw decoded.left
            const total = decoded.right.value.total_count ?? 0
            if (seen.size >= total) return { value: undefined, next: undefined }
            const step = restart(
              state.pass,
              intercomError(
                state.expired ? 'ScrollExpired' : 'ScrollIncomplete',
                `${total - seen.size} users missing after pass ${state.pass}`,
              ),
            )
            return step.next?.kind === 'scroll' ? { value: undefined, next: { ...step.next, target: total } } : step
          }),
        )

      return unfold<State, ScrollPage>(
        { kind: 'scroll', param: undefined, pass: 1, lockWaitedMs: 0, delayMs: 0, target: undefined },
        (state) => (state.kind === 'scroll' ? scrollStep(state) : countStep(state)),
      ).pull(demand$, prefetch)
    }),
  )
}
