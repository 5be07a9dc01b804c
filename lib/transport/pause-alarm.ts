/**
 * The rate limiter's alarm: one timer for the whole queue's pause, and one announcement a pause
 * on `waits$`, however many requests wait in it.
 *
 * @module
 */
import { Subject, type Observable } from 'rxjs'
import type { RateLimitWait } from './rate-limit.js'

/** Wakes the limiter's queue after a pause, and tells each new pause. */
export class PauseAlarm {
  readonly #waits = new Subject<RateLimitWait>()
  #timer: ReturnType<typeof setTimeout> | undefined
  #timerAt = 0
  #announcedUntil = 0

  /** Every pause of the queue, as it starts. */
  readonly waits$: Observable<RateLimitWait> = this.#waits.asObservable()

  constructor(private readonly wake: () => void) {}

  /** Wakes the queue after `delay.ms` from `now` (an earlier alarm set stays), announcing a new pause. */
  schedule(now: number, delay: { readonly ms: number; readonly reason: RateLimitWait['reason'] }): void {
    const at = now + delay.ms
    if (this.#timer !== undefined && this.#timerAt <= at) return
    this.clear()
    this.#timerAt = at
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      this.wake()
    }, delay.ms)
    // One announcement a pause, however many requests wait in it.
    const newPause = Math.abs(at - this.#announcedUntil) > 5
    if (newPause && (delay.reason !== 'ceiling' || delay.ms >= 1_000)) {
      this.#announcedUntil = at
      this.#waits.next({ waitMs: delay.ms, reason: delay.reason, until: at })
    }
  }

  /** No alarm. */
  clear(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer)
    this.#timer = undefined
  }
}
