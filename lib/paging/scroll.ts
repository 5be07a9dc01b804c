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
import { timer } from 'rxjs'
import type { IntercomClient } from '../core/client.js'
import type { Endpoint, PageRead } from '../core/endpoint.js'
import { isIntercomError, type IntercomError } from '../core/errors.js'
import { readPage } from '../core/read-page.js'
import { isRetryable } from '../transport/retry.js'
import { untilAborted } from '../transport/send.js'
import { IdSet } from './id-set.js'
import { scrollGapsOpen, scrollLockHeld, scrollNotCompleted, scrollRepeats } from './scroll-errors.js'

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

/** A page of a scroll: only items not emitted before, with where the scroll stands. */
export interface ScrollRead<Item> {
  /** This page's items not emitted before (a recovering pass skips those already seen). */
  readonly items: ReadonlyArray<Item>
  /** Which pass over the workspace this page came from, from 1. */
  readonly pass: number
  /** Items emitted so far, this page's included. */
  readonly soFar: number
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

const LOOP_SLACK = 1_000

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

/** The scroll's pages, read when asked for; `scrollUsers` flattens them. */
export async function* scrollPages<Page, Item extends { readonly id: string }>(
  client: IntercomClient,
  endpoint: Endpoint<string | undefined, Page, Item>,
  options: ScrollOptions,
  signal: AbortSignal,
): AsyncGenerator<ScrollRead<Item>> {
  const lockWaitMs = options.lockWaitMs ?? 75_000
  const lockPollMs = options.lockPollMs ?? 5_000
  const maxPasses = options.maxPasses ?? 10
  const seen = new IdSet()
  const gaps = new Gaps()
  let requests = 0
  for (let pass = 1; ; pass++) {
    gaps.startPass()
    let received = 0
    let param: string | undefined
    let lockWaitedMs = 0
    /** Why this pass stopped before the end of the scroll. */
    let broken: IntercomError | undefined
    for (;;) {
      let lost = false
      let read: PageRead<string | undefined, Page, Item>
      try {
        requests += 1
        const onRetry = (e: IntercomError): void => {
          requests += 1
          // A 429 is refused before the scroll moves; anything else may have moved it.
          if (e._tag !== 'RateLimited') lost = true
        }
        read = await readPage(client, endpoint, param, signal, { onRetry })
      } catch (e) {
        if (!isIntercomError(e)) throw e
        if (e._tag === 'ScrollExists' && param === undefined) {
          if (lockWaitedMs >= lockWaitMs) throw scrollLockHeld(lockWaitMs, lockWaitedMs / lockPollMs + 1, e.status)
          options.onLockWait?.({ waitMs: lockPollMs, waitedMs: lockWaitedMs, budgetMs: lockWaitMs })
          await untilAborted(timer(lockPollMs), signal)
          lockWaitedMs += lockPollMs
          continue
        }
        // Expired, or the transport's retries with the same scroll_param are spent: this
        // scroll cannot go on, so the rest of it is read again.
        if (!(e._tag === 'ScrollExpired' || (isRetryable(e) && e._tag !== 'RateLimited'))) throw e
        gaps.broken(pass)
        broken = e
        break
      }
      const ids = read.items.map((u) => u.id)
      gaps.read(pass, ids, lost)
      if (read.next === undefined) break
      received += ids.length
      const fresh = read.items.filter((u) => seen.add(u.id))
      if (received > 2 * seen.size + LOOP_SLACK) throw scrollRepeats(received, seen.size, pass, client.baseUrl)
      // A page with no item not emitted before is not emitted.
      if (fresh.length > 0) yield { items: fresh, pass, soFar: seen.size, requests, warnings: read.warnings }
      // A recovering pass ends as soon as it has covered every gap.
      if (pass > 1 && gaps.size === 0) return
      param = read.next
    }
    if (broken === undefined && gaps.size === 0) return
    if (pass >= maxPasses) throw scrollNotCompleted(maxPasses, seen.size, broken ?? scrollGapsOpen(gaps.size, pass))
  }
}
