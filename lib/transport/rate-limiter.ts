/**
 * One rate limiter a client, shared by every stream of that client: it keeps the client's
 * requests within Intercom's window whatever the answers say or leave out (no more in flight
 * than `X-RateLimit-Remaining` allows; at a reset, the last known limit until an answer says
 * more; an older window's answer never raises this one's room; a limit and window learnt from a
 * 429 when no answer has headers; one pause of the whole queue after a 429), under a caller's
 * own ceiling and share of the window. docs/rate-limits.md says why, case by case.
 *
 * @module
 */
import type { Observable } from 'rxjs'
import { AnswerTimes } from './answer-times.js'
import { PauseAlarm } from './pause-alarm.js'
import { onAbort, reasonOf } from './abort.js'
import type { RateBudget, RateLimit, RateLimiterOptions, RateLimitWait, Release } from './rate-limit.js'

export type { RateBudget, RateLimiterOptions, RateLimitWait, Release } from './rate-limit.js'

/** A request in the queue: `grant` hands it the slot (false when its caller has already gone). */
type Waiter = { readonly grant: () => boolean }

/** Intercom's window, used until the answers tell another. */
const DEFAULT_WINDOW_MS = 10_000

/** Paces one client's requests. */
export class RateLimiter {
  readonly #ceiling: RateLimiterOptions['ceiling']
  readonly #share: number
  readonly #marginMs: number
  readonly #maxPauseMs: number
  readonly #clock: () => number
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
  readonly #answers = new AnswerTimes()
  #pausedUntil = 0
  #consecutive429 = 0
  readonly #alarm = new PauseAlarm(() => this.#pump())

  /** Every pause of the queue, as it starts. */
  readonly waits$: Observable<RateLimitWait> = this.#alarm.waits$

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
      latencyMs: this.#answers.ms,
      answers: this.#answers.count,
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
        if (answered) this.#answers.note(took)
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
        if (this.#queue.length === 0) this.#alarm.clear()
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
      // A granted request leaves the process a moment later (a busy event loop): 5 ms of slack keep the ceiling one on the wire.
      const windowMs = ceiling.windowMs + 5
      while (this.#ceilingSent.length > 0 && (this.#ceilingSent[0] ?? 0) <= now - windowMs) this.#ceilingSent.shift()
      if (this.#ceilingSent.length >= ceiling.requests) {
        return { ms: (this.#ceilingSent[0] ?? now) + windowMs - now, reason: 'ceiling' }
      }
    }
    return { ms: 0, reason: 'ceiling' }
  }

  #pump(): void {
    while (this.#queue.length > 0) {
      const now = this.#clock()
      const delay = this.#delay(now)
      if (delay.ms > 0) {
        this.#alarm.schedule(now, delay)
        return
      }
      this.#queue.shift()?.grant()
    }
    this.#alarm.clear()
  }
}
