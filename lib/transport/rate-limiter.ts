/**
 * One rate limiter a client, shared by every stream of that client. It keeps the client's
 * requests within Intercom's window, whatever the answers say or leave out:
 * - In a window it has seen answers of, no more requests are in flight than
 *   `X-RateLimit-Remaining` allows.
 * - When the window resets, the new one gets at most the last known limit of requests until an
 *   answer of the new window says more: the queue of every stream does not burst at the reset.
 * - An answer to a request sent in an older window never raises what is left of this one.
 * - When answers carry no headers at all and only a 429 tells the limit, that limit and the
 *   window's length (from the 429's reset, or its message) pace every window after it.
 * - A 429 pauses every request of the client until the reset plus a margin: one pause for the
 *   whole queue, not one a request.
 * A caller may also set a ceiling of its own (requests per window), and a share of Intercom's
 * window (`share: 0.5`: the client stops while half of the window is left, for the app's other
 * integrations).
 *
 * @module
 */
import { Observable, Subject } from 'rxjs'
import { onAbort, reasonOf } from './abort.js'
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
  /**
   * The share of each of Intercom's windows this client may spend, from 0 (exclusive) to 1
   * (default 1, the whole window: what other integrations of the app spent is already out of
   * `X-RateLimit-Remaining`). At 0.5 the client waits for the reset while half of the window's
   * limit is left, so the app's other integrations keep working during a long export.
   */
  readonly share?: number
  /** Added to every reset, for clock skew (default 250 ms). */
  readonly marginMs?: number
  /** The longest single pause, whatever the reset says (default 60,000 ms: a skewed clock cannot stall the client). */
  readonly maxPauseMs?: number
}

/** Gives a request's slot back; `answered`: whether its time was an answer's (it counts in the latency). */
export type Release = (answered: boolean) => void

interface Waiter {
  /** Hands the slot to the request; false when its caller has already gone. */
  readonly grant: () => boolean
}

/** Intercom's window, used until the answers tell another. */
const DEFAULT_WINDOW_MS = 10_000

/** What the client may still send in the current window, for a caller that paces itself (concurrency `auto`). */
export interface RateBudget {
  /** Requests this client may still start before the reset, its share and what is in flight counted; undefined before an answer told the limit. */
  readonly available: number | undefined
  /** Until the window resets, in ms (0 when unknown). */
  readonly resetInMs: number
  /** How long a request of this client takes, from leaving the queue to its answer read (a moving average; undefined before one). */
  readonly latencyMs: number | undefined
  /** A 429 arrived in this window or the one before: a pacing caller halves. */
  readonly rateLimited: boolean
}

/** The weight of the latest request in the moving average of latency. */
const LATENCY_WEIGHT = 0.2

/** Paces one client's requests. */
export class RateLimiter {
  readonly #ceiling: RateLimiterOptions['ceiling']
  readonly #share: number
  readonly #marginMs: number
  readonly #maxPauseMs: number
  readonly #clock: () => number
  readonly #waits = new Subject<RateLimitWait>()
  readonly #queue: Waiter[] = []
  readonly #ceilingSent: number[] = []
  /** The latest answer's state, for callers. */
  #state: RateLimit | undefined
  /** Requests a window, once an answer said it. */
  #limit: number | undefined
  /** The window's length, once two resets or a 429's message told it. */
  #windowMs: number | undefined
  /** When the current window ends (ms, margin included), when known or estimated. */
  #windowEnd: number | undefined
  /** Set when the limiter moved on to a window by its own clock: the end of the window before it. */
  #rolledFrom: number | undefined
  /** `X-RateLimit-Remaining` of the latest answer of the current window; undefined before one. */
  #remaining: number | undefined
  /** Requests sent since the current window began (for a window no answer has described yet). */
  #sentInWindow = 0
  #inFlight = 0
  #latencyMs: number | undefined
  #pausedUntil = 0
  #consecutive429 = 0
  #timer: ReturnType<typeof setTimeout> | undefined
  #timerAt = 0
  #announcedUntil = 0

  /** Every pause of the queue, as it starts. */
  readonly waits$: Observable<RateLimitWait> = this.#waits.asObservable()

  constructor(options: RateLimiterOptions = {}, clock: () => number = Date.now) {
    this.#ceiling = options.ceiling
    this.#share = options.share ?? 1
    this.#marginMs = options.marginMs ?? 250
    this.#maxPauseMs = options.maxPauseMs ?? 60_000
    this.#clock = clock
  }

  /** How long the latest reset is from now (0 when unknown or past): for a caller's budget. */
  resetInMs(): number {
    return this.#state === undefined ? 0 : Math.max(0, this.#resetAt(this.#state) - this.#clock())
  }

  /** Of a window of `limit` requests, what the share leaves to others (0 at share 1; this client keeps at least 1). */
  #reserve(limit: number): number {
    return limit - Math.max(1, Math.floor(limit * this.#share))
  }

  /**
   * The requests this client may still start in the current window (its share and what is in
   * flight counted), or undefined before an answer told the limit. Call after `#roll`.
   */
  #room(): number | undefined {
    const limit = this.#limit
    const reserve = limit === undefined ? 0 : this.#reserve(limit)
    if (this.#remaining !== undefined) return this.#remaining - reserve - this.#inFlight
    return limit === undefined ? undefined : limit - reserve - this.#sentInWindow
  }

  /** What may still be sent in this window: see {@link RateBudget}. */
  budget(): RateBudget {
    const now = this.#clock()
    this.#roll(now)
    const room = this.#room()
    const end = this.#windowEnd
    return {
      available: room === undefined ? undefined : Math.max(0, room),
      resetInMs: end === undefined ? 0 : Math.max(0, end - now),
      latencyMs: this.#latencyMs,
      rateLimited: this.#pausedUntil > 0 && now < this.#pausedUntil + (this.#windowMs ?? DEFAULT_WINDOW_MS),
    }
  }

  /**
   * Resolves, when the request may be sent, with a `release` to call when its answer (or
   * failure) is in: `release(true)` for an answer, whose time counts in the latency measured;
   * `release(false)` for a request that was aborted or got no answer. Aborting `signal` before
   * leaves the queue and rejects with its reason; nothing waits on its behalf.
   */
  acquire(signal: AbortSignal): Promise<Release> {
    return new Promise<Release>((resolve, reject) => {
      if (signal.aborted) return reject(reasonOf(signal))
      let released = false
      let grantedAt = 0
      const release = (answered: boolean): void => {
        if (released) return
        released = true
        this.#inFlight -= 1
        const took = this.#clock() - grantedAt
        if (answered)
          this.#latencyMs =
            this.#latencyMs === undefined ? took : this.#latencyMs + LATENCY_WEIGHT * (took - this.#latencyMs)
        this.#pump()
      }
      const waiter: Waiter = {
        grant: () => {
          if (signal.aborted) return false
          forget()
          grantedAt = this.#clock()
          this.#inFlight += 1
          this.#sentInWindow += 1
          if (this.#ceiling !== undefined) this.#ceilingSent.push(this.#clock())
          resolve(release)
          return true
        },
      }
      const forget = onAbort(signal, () => {
        const at = this.#queue.indexOf(waiter)
        if (at >= 0) this.#queue.splice(at, 1)
        if (this.#queue.length === 0) this.#clearTimer()
        reject(reasonOf(signal))
      })
      this.#queue.push(waiter)
      this.#pump()
    })
  }

  /**
   * Reads an answer's rate-limit state, whether it was a 429, and the window's length when the
   * answer told it (Intercom's 429 says `Exceeded rate limit of 83 in 10_seconds`).
   */
  observe(rateLimit: RateLimit | undefined, status: number | undefined, windowMs?: number): void {
    const now = this.#clock()
    if (windowMs !== undefined && windowMs > 0) this.#windowMs = windowMs
    if (rateLimit !== undefined) this.#read(rateLimit)
    if (status === 429) {
      this.#consecutive429 += 1
      this.#remaining = 0
      const end = this.#windowEnd
      const fallback =
        this.#windowMs === undefined
          ? Math.min(10_000, 1_000 * 2 ** (this.#consecutive429 - 1))
          : this.#windowMs + this.#marginMs
      const until = end !== undefined && end > now ? end : now + fallback
      this.#pausedUntil = Math.max(this.#pausedUntil, Math.min(until, now + this.#maxPauseMs))
      if (end === undefined || end <= now) this.#windowEnd = until
    } else if (status !== undefined) {
      this.#consecutive429 = 0
    }
    this.#pump()
  }

  #resetAt(state: RateLimit): number {
    return state.reset * 1000 + this.#marginMs
  }

  /** An answer's headers: a newer window replaces the current one; an older one is ignored. */
  #read(rateLimit: RateLimit): void {
    this.#state = rateLimit
    this.#limit = rateLimit.limit
    const end = this.#resetAt(rateLimit)
    const rolledFrom = this.#rolledFrom
    if (rolledFrom !== undefined) {
      // The window was entered by the clock: the first answer that ends later describes it.
      if (end <= rolledFrom + 1) return
      this.#windowMs = Math.min(this.#windowMs ?? Number.POSITIVE_INFINITY, end - rolledFrom)
      this.#rolledFrom = undefined
      this.#enter(end, rateLimit)
      return
    }
    const current = this.#windowEnd
    if (current === undefined || end > current + 1) {
      if (current !== undefined) this.#windowMs = Math.min(this.#windowMs ?? Number.POSITIVE_INFINITY, end - current)
      this.#enter(end, rateLimit)
    } else if (end >= current - 1) {
      // The same window: what is left only goes down.
      this.#remaining = Math.min(this.#remaining ?? rateLimit.remaining, rateLimit.remaining)
    } // else: an answer of an older window, which says nothing of this one.
  }

  #enter(end: number, rateLimit: RateLimit): void {
    this.#windowEnd = end
    this.#remaining = rateLimit.remaining
    this.#sentInWindow = Math.max(0, rateLimit.limit - rateLimit.remaining)
  }

  /** Moves to the next window once the current one has ended, knowing only its limit. */
  #roll(now: number): void {
    const end = this.#windowEnd
    if (end === undefined || now < end) return
    const length = this.#windowMs ?? DEFAULT_WINDOW_MS
    this.#rolledFrom = this.#rolledFrom ?? end
    this.#windowEnd = end + Math.ceil((now - end + 1) / length) * length
    this.#remaining = undefined
    // What is still in flight may land in the new window.
    this.#sentInWindow = this.#inFlight
  }

  /** 0 when a request may go now; else how long until one may, and why. */
  #delay(now: number): { readonly ms: number; readonly reason: RateLimitWait['reason'] } {
    if (now < this.#pausedUntil) return { ms: this.#pausedUntil - now, reason: 'rate-limited' }
    this.#roll(now)
    const end = this.#windowEnd
    const room = this.#room()
    const spent = room !== undefined && room <= 0
    if (spent && end !== undefined && now < end) {
      return { ms: Math.min(end - now, this.#maxPauseMs), reason: 'remaining-spent' }
    }
    const ceiling = this.#ceiling
    if (ceiling !== undefined) {
      while (this.#ceilingSent.length > 0 && (this.#ceilingSent[0] ?? 0) <= now - ceiling.windowMs)
        this.#ceilingSent.shift()
      if (this.#ceilingSent.length >= ceiling.requests) {
        return { ms: (this.#ceilingSent[0] ?? now) + ceiling.windowMs - now, reason: 'ceiling' }
      }
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
