/**
 * The scroll engine: every user of the workspace over the Scroll API, each exactly once,
 * through lost responses, 5xx answers, network errors and expiry.
 *
 * A request whose answer was lost (the transport retried it) may have moved the server's
 * position, so the page it served is gone from this scroll. Counting users after the scroll
 * cannot prove otherwise: a user deleted after it was emitted masks a lost one. The engine
 * instead remembers where each possible loss lies, between the page read before it and the page
 * read after it (their ids are the gap's anchors), and proves each gap covered:
 * 1. A pass reads the scroll; a request the transport had to retry opens a gap between the last
 *    page before it and the first page after it (or the start, or the end of the scroll). A
 *    scroll that cannot go on (expired, or the retries spent) leaves a gap to the end.
 * 2. A pass without gaps ends the scroll: every user that existed throughout was read.
 * 3. Otherwise the scroll is read again from the start (waiting out the app's scroll lock,
 *    `scroll_exists`, within a budget), emitting only users not emitted before. A gap is closed
 *    when this pass reads, without a loss in between, from one of its left anchors (or the start)
 *    to one of its right anchors (or the end): the users between them came with it. The pass stops
 *    as soon as every gap is closed; a gap it could not close waits for the next pass.
 * This relies on the scroll serving users in the same relative order on every pass (Intercom's
 * and the simulator's do); users created or deleted meanwhile do not disturb it.
 * A scroll that keeps serving users already emitted (more than twice the users seen, plus a
 * thousand, in one pass) ends with `PaginationLoop`. Ids are kept in a compact exact set.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { catchError, concatMap, defer, map, of, throwError, timer, type Observable } from 'rxjs'
import { decodeScrollList } from '../codecs/scroll-list.js'
import type { User } from '../codecs/user.js'
import {
  isIntercomError,
  scrollGapsOpen,
  scrollLockHeld,
  scrollNotCompleted,
  scrollRepeats,
  type IntercomError,
} from '../errors.js'
import { scrollRequest } from '../request.js'
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
  /** Scroll passes (the first, and each recovering one) before giving up (default 10). */
  readonly maxPasses?: number
  /** Told before each wait for the app's scroll lock, so a caller can say why nothing moves. */
  readonly onLockWait?: (wait: ScrollLockWait) => void
}

/** A wait for the app's scroll lock (`scroll_exists`: another scroll of the app is open). */
export interface ScrollLockWait {
  /** How long this wait lasts, in ms. */
  readonly waitMs: number
  /** How long the scroll has waited for the lock so far, this wait excluded. */
  readonly waitedMs: number
  /** The most it waits in all (`lockWaitMs`) before failing with `ScrollExists`. */
  readonly budgetMs: number
}

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

/** Where users may have been lost: after a page (or the start), before a page (or the end). */
interface Gap {
  readonly left: ReadonlySet<string> | 'start'
  readonly right: ReadonlySet<string> | 'end'
}

interface State {
  readonly param: string | undefined
  readonly pass: number
  /** Time spent waiting for the lock before this start. */
  readonly lockWaitedMs: number
  /** Wait this long before the request. */
  readonly delayMs: number
}

const LOOP_SLACK = 1_000

// -------------------------------------------------------------------------------------
// engine
// -------------------------------------------------------------------------------------

/** The gaps of pass 1, and the proof of their closing in the passes after it. */
class Gaps {
  #open: Gap[] = []
  readonly #armed = new Set<Gap>()
  /** The ids of the last page read in this pass, or `start`. */
  #previous: ReadonlySet<string> | 'start' = 'start'

  get size(): number {
    return this.#open.length
  }

  startPass(): void {
    this.#previous = 'start'
    this.#armed.clear()
  }

  /** A page read in pass `pass`, after a loss or not; an empty page is the end. */
  read(pass: number, ids: ReadonlyArray<string>, lost: boolean): void {
    const right: ReadonlySet<string> | 'end' = ids.length === 0 ? 'end' : new Set(ids)
    if (pass === 1) {
      if (lost) this.#open.push({ left: this.#previous, right })
    } else {
      if (lost) this.#armed.clear()
      else if (this.#previous === 'start') for (const g of this.#open) if (g.left === 'start') this.#armed.add(g)
      for (const id of ids) {
        for (const g of this.#open) {
          if (g.right !== 'end' && g.right.has(id) && this.#armed.has(g)) this.#close(g)
          else if (g.left !== 'start' && g.left.has(id)) this.#armed.add(g)
        }
      }
      if (right === 'end') for (const g of [...this.#armed]) if (g.right === 'end') this.#close(g)
    }
    if (right !== 'end') this.#previous = right
  }

  /** Pass `pass` could not go on: in pass 1, everything after the last page read is a gap. */
  broken(pass: number): void {
    if (pass === 1) this.#open.push({ left: this.#previous, right: 'end' })
  }

  #close(gap: Gap): void {
    this.#open = this.#open.filter((g) => g !== gap)
    this.#armed.delete(gap)
  }
}

/** The scroll's pages; `scrollUsers` flattens them. */
export const scrollPages = (client: IntercomClient, options: ScrollOptions = {}): PullableObservable<ScrollPage> => {
  const lockWaitMs = options.lockWaitMs ?? 75_000
  const lockPollMs = options.lockPollMs ?? 5_000
  const maxPasses = options.maxPasses ?? 10

  return new PullableObservable<ScrollPage>((demand$, prefetch) =>
    defer(() => {
      const seen = new IdSet()
      const gaps = new Gaps()
      let requests = 0
      let received = 0
      // A page with no user not emitted before is not emitted (and costs no demand).
      const page = (
        users: ReadonlyArray<User>,
        pass: number,
        warnings: ReadonlyArray<string> = [],
      ): ScrollPage | undefined =>
        users.length === 0 ? undefined : { users, pass, usersSoFar: seen.size, requests, warnings }
      /** The next pass, after `e`; `broken` when this pass stopped before the end of the scroll. */
      const restart = (pass: number, e: IntercomError, broken: boolean): Step<State, ScrollPage> => {
        if (broken) gaps.broken(pass)
        if (pass >= maxPasses) {
          throw scrollNotCompleted(maxPasses, seen.size, e)
        }
        return { value: undefined, next: { param: undefined, pass: pass + 1, lockWaitedMs: 0, delayMs: 0 } }
      }
      const endOfPass = (pass: number): Step<State, ScrollPage> =>
        gaps.size === 0 ? { value: undefined, next: undefined } : restart(pass, scrollGapsOpen(gaps.size, pass), false)

      const step = (state: State): Observable<Step<State, ScrollPage>> => {
        let lost = false
        if (state.param === undefined && state.lockWaitedMs === 0) {
          gaps.startPass()
          received = 0
        }
        return (state.delayMs > 0 ? timer(state.delayMs) : of(0)).pipe(
          concatMap(() => {
            requests += 1
            return send(client, scrollRequest(client.baseUrl, state.param, client.userAgent, client.apiVersion), {
              onRetry: (e) => {
                requests += 1
                // A 429 is refused before the scroll moves; anything else may have moved it.
                if (e._tag !== 'RateLimited') lost = true
              },
            })
          }),
          map((response): Step<State, ScrollPage> => {
            const decoded = decodeScrollList(response.body)
            if (E.isLeft(decoded)) throw decoded.left
            const list = decoded.right.value
            const ids = list.users.map((u) => u.id)
            gaps.read(state.pass, ids, lost)
            if (ids.length === 0) return endOfPass(state.pass)
            received += ids.length
            const fresh = (list.users as ReadonlyArray<User>).filter((u) => seen.add(u.id))
            if (received > 2 * seen.size + LOOP_SLACK) {
              throw scrollRepeats(received, seen.size, state.pass, client.baseUrl)
            }
            // A recovering pass ends as soon as it has covered every gap.
            const covered = state.pass > 1 && gaps.size === 0
            return {
              value: page(fresh, state.pass, decoded.right.warnings),
              next: covered ? undefined : { ...state, param: list.scroll_param, lockWaitedMs: 0, delayMs: 0 },
            }
          }),
          catchError((e: unknown): Observable<Step<State, ScrollPage>> => {
            if (!isIntercomError(e)) return throwError(() => e)
            if (e._tag === 'ScrollExists' && state.param === undefined) {
              if (state.lockWaitedMs >= lockWaitMs) {
                return throwError(() => scrollLockHeld(lockWaitMs, state.lockWaitedMs / lockPollMs + 1, e.status))
              }
              options.onLockWait?.({ waitMs: lockPollMs, waitedMs: state.lockWaitedMs, budgetMs: lockWaitMs })
              return of({
                value: undefined,
                next: { ...state, lockWaitedMs: state.lockWaitedMs + lockPollMs, delayMs: lockPollMs },
              })
            }
            // Expired, or the transport's retries with the same scroll_param are spent: this
            // scroll cannot go on, so the rest of it is read again.
            if (e._tag === 'ScrollExpired' || (isRetryable(e) && e._tag !== 'RateLimited'))
              return of(restart(state.pass, e, true))
            return throwError(() => e)
          }),
        )
      }

      return unfold<State, ScrollPage>({ param: undefined, pass: 1, lockWaitedMs: 0, delayMs: 0 }, step).pull(
        demand$,
        prefetch,
      )
    }),
  )
}
