/**
 * One rate limiter a client, shared by every stream of that client. It reads the rate-limit
 * state of every answer, keeps the requests in flight within what `X-RateLimit-Remaining`
 * allows, and when the window is spent (or a 429 arrives) pauses every request of the client
 * until `X-RateLimit-Reset` plus a margin: one pause for the whole queue, not one a request.
 * A caller may also set a ceiling of its own (requests per window).
 *
 * @module
 */
import { Observable, Subject } from 'rxjs'
import type { RateLimit } from './rate-limit.js'

/** A pause of the client's requests. */
export interface RateLimitWait {
  /** How long the queue waits, in ms. */
  readonly waitMs: number
  /** Why: the window's requests are spent, Intercom answered 429, or the caller's ceiling. */
  readonly reason: 'remaining-spent' | 'rate-limited' | 'ceiling'
  /** When the wait ends, ms since the epoch. */
  readonly until: number
}

/** The limiter's settings. */
export interface RateLimiterOptions {
  /** A ceiling of the caller's own, below Intercom's (for example to leave room for other apps). */
  readonly ceiling?: { readonly requests: number; readonly windowMs: number }
  /** Added to every reset, for clock skew (default 250 ms). */
  readonly marginMs?: number
  /** The longest single pause, whatever the reset says (default 60,000 ms: a skewed clock cannot stall the client). */
  readonly maxPauseMs?: number
}

interface Waiter {
  /** Hands the slot to the request; false when its subscriber has already gone. */
  readonly grant: () => boolean
}

/** Paces one client's requests. */
export class RateLimiter {
  readonly #ceiling: RateLimiterOptions['ceiling']
  readonly #marginMs: number
  readonly #maxPauseMs: number
  readonly #clock: () => number
  readonly #waits = new Subject<RateLimitWait>()
  readonly #queue: Waiter[] = []
  readonly #sent: number[] = []
  #state: RateLimit | undefined
  #inFlight = 0
  #pausedUntil = 0
  #consecutive429 = 0
  #timer: ReturnType<typeof setTimeout> | undefined
  #timerAt = 0
  #announcedUntil = 0

  /** Every pause of the queue, as it starts. */
  readonly waits$: Observable<RateLimitWait> = this.#waits.asObservable()

  constructor(options: RateLimiterOptions = {}, clock: () => number = Date.now) {
    this.#ceiling = options.ceiling
    this.#marginMs = options.marginMs ?? 250
    this.#maxPauseMs = options.maxPauseMs ?? 60_000
    this.#clock = clock
  }

  /** How long the latest reset is from now (0 when unknown or past): for a caller's budget. */
  resetInMs(): number {
    return this.#state === undefined ? 0 : Math.max(0, this.#resetAt(this.#state) - this.#clock())
  }

  /**
   * Emits once, when the request may be sent, a `release` to call when its answer (or
   * failure) is in. Unsubscribing before leaves the queue; nothing waits on its behalf.
   */
  acquire(): Observable<() => void> {
    return new Observable<() => void>((subscriber) => {
      let released = false
      const release = (): void => {
        if (released) return
        released = true
        this.#inFlight -= 1
        this.#pump()
      }
      const waiter: Waiter = {
        grant: () => {
          if (subscriber.closed) return false
          this.#inFlight += 1
          this.#sent.push(this.#clock())
          subscriber.next(release)
          subscriber.complete()
          return true
        },
      }
      this.#queue.push(waiter)
      this.#pump()
      return () => {
        const at = this.#queue.indexOf(waiter)
        if (at >= 0) this.#queue.splice(at, 1)
        if (this.#queue.length === 0) this.#clearTimer()
      }
    })
  }

  /** Reads an answer's rate-limit state (and whether it was a 429). */
  observe(rateLimit: RateLimit | undefined, status: number | undefined): void {
    if (rateLimit !== undefined) this.#state = rateLimit
    if (status === 429) {
      this.#consecutive429 += 1
      const known = rateLimit ?? this.#state
      const fallback = this.#clock() + Math.min(10_000, 1_000 * 2 ** (this.#consecutive429 - 1))
      const until = known === undefined || this.#resetAt(known) <= this.#clock() ? fallback : this.#resetAt(known)
      this.#pausedUntil = Math.max(this.#pausedUntil, Math.min(until, this.#clock() + this.#maxPauseMs))
    } else if (status !== undefined) {
      this.#consecutive429 = 0
    }
    this.#pump()
  }

  #resetAt(state: RateLimit): number {
    return state.reset * 1000 + this.#marginMs
  }

  /** 0 when a request may go now; else how long until one may, and why. */
  #delay(now: number): { readonly ms: number; readonly reason: RateLimitWait['reason'] } {
    if (now < this.#pausedUntil) return { ms: this.#pausedUntil - now, reason: 'rate-limited' }
    const state = this.#state
    if (state !== undefined) {
      const resetAt = this.#resetAt(state)
      if (now < resetAt && state.remaining - this.#inFlight <= 0) {
        return { ms: Math.min(resetAt - now, this.#maxPauseMs), reason: 'remaining-spent' }
      }
      if (now >= resetAt && state.remaining < state.limit) {
        // A new window: the old state no longer binds.
        this.#state = { ...state, remaining: state.limit }
      }
    }
    const ceiling = this.#ceiling
    if (ceiling !== undefined) {
      while (this.#sent.length > 0 && (this.#sent[0] ?? 0) <= now - ceiling.windowMs) this.#sent.shift()
      if (this.#sent.length >= ceiling.requests) {
        return { ms: (this.#sent[0] ?? now) + ceiling.windowMs - now, reason: 'ceiling' }
      }
    } else {
      this.#sent.length = 0
    }
    return { ms: 0, reason: 'ceiling' }
  }

  #pump(): void {
    while (this.#queue.length > 0) {
      const now = this.#clock()
      const delay = this.#delay(now)
      if (delay.ms > 0) {
        this.#schedule(now, delay)
        return
      }
      this.#queue.shift()?.grant()
    }
    this.#clearTimer()
  }

  #schedule(now: number, delay: { readonly ms: number; readonly reason: RateLimitWait['reason'] }): void {
    const at = now + delay.ms
    if (this.#timer !== undefined && this.#timerAt <= at) return
    this.#clearTimer()
    this.#timerAt = at
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      this.#pump()
    }, delay.ms)
    // One announcement a pause, however many requests wait in it.
    const newPause = Math.abs(at - this.#announcedUntil) > 5
    if (newPause && (delay.reason !== 'ceiling' || delay.ms >= 1_000)) {
      this.#announcedUntil = at
      this.#waits.next({ waitMs: delay.ms, reason: delay.reason, until: at })
    }
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer)
    this.#timer = undefined
  }
}
