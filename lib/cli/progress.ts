/**
 * The progress bar on stderr: a pure rendering of where a listing stands, redrawn in place.
 *
 * ```
 * [#########-----------]  4,200/10,000 users  84 pages  23.1 req/s (1,580 left this window)  ETA 0:12  waits 1 (4.0 s)
 * [###-----------------]  31,050/100,000 contacts  range 12 of 57  207 pages  165.0 req/s  ETA 0:03
 * ```
 *
 * @module
 */
import type { RateLimitWait, RetryNotice } from '../index.js'
import { CUT_MARK, MAX_DEPTH } from './fields.js'
import { printable } from './format.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** What the bar shows. */
export interface Progress {
  /** Records written, and what they are: `users`, `contacts` or `changes`. */
  readonly users: number
  readonly noun: string
  /** Intercom's `total_count` (capped by `--limit`), when known; the Scroll API does not say. */
  readonly total: number | undefined
  /** Pages read (none for a change stream, whose records are not pages). */
  readonly pages: number | undefined
  /** Where a parallel export stands (`range 3 of 41`). */
  readonly stage?: string | undefined
  /** Requests the rate-limit window still allows, when the client knows. */
  readonly windowLeft?: number | undefined
  readonly requests: number
  readonly elapsedMs: number
  /** Rate-limit waits so far, and their total length. */
  readonly waits: number
  readonly waitedMs: number
  /** Milliseconds left of a rate-limit wait in progress. */
  readonly waitingMs: number | undefined
}

const BAR_WIDTH = 20

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

const count = (n: number): string => n.toLocaleString('en-US')

/** `0:12`, `1:02:03`: a duration in whole seconds. */
export const clock = (ms: number): string => {
  const s = Math.max(0, Math.round(ms / 1000))
  const hh = Math.floor(s / 3600)
  const mm = Math.floor((s % 3600) / 60)
  const ss = String(s % 60).padStart(2, '0')
  return hh > 0 ? `${hh}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`
}

/** The bar itself, `[#####-----]`, for a known total. */
export const bar = (done: number, total: number, width = BAR_WIDTH): string => {
  const filled = total <= 0 ? width : Math.min(width, Math.floor((done / total) * width))
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`
}

/** The time left at the rate so far, or undefined before there is a rate to go by. */
export const eta = (p: Progress): number | undefined =>
  p.total === undefined || p.users === 0 || p.elapsedMs <= 0
    ? undefined
    : Math.round((Math.max(0, p.total - p.users) * p.elapsedMs) / p.users)

/** One line of progress, cut to `columns - 1` so the terminal never wraps it. */
export const renderProgress = (p: Progress, columns = 80): string => {
  const rate = p.elapsedMs > 0 ? (p.requests * 1000) / p.elapsedMs : 0
  const left = eta(p)
  const parts = [
    p.total === undefined
      ? `${count(p.users)} ${p.noun}`
      : `${bar(p.users, p.total)}  ${count(p.users)}/${count(p.total)} ${p.noun}`,
    ...(p.stage === undefined ? [] : [p.stage]),
    ...(p.pages === undefined ? [] : [`${count(p.pages)} ${p.pages === 1 ? 'page' : 'pages'}`]),
    `${rate.toFixed(1)} req/s${p.windowLeft === undefined ? '' : ` (${count(p.windowLeft)} left this window)`}`,
    left === undefined ? `${clock(p.elapsedMs)} elapsed` : `ETA ${clock(left)}`,
    ...(p.waitingMs !== undefined
      ? [`rate limit: waiting ${(p.waitingMs / 1000).toFixed(1)} s`]
      : p.waits > 0
        ? [`waits ${p.waits} (${(p.waitedMs / 1000).toFixed(1)} s)`]
        : []),
  ]
  const line = parts.join('  ')
  return line.length > columns - 1 ? line.slice(0, Math.max(0, columns - 1)) : line
}

/** Why the client waits for the rate-limit window, in words. */
export const WAIT_REASONS: Readonly<Record<RateLimitWait['reason'], string>> = {
  'rate-limited': 'Intercom answered 429 Too Many Requests',
  'remaining-spent': "this window's requests are spent (X-RateLimit-Remaining: 0)",
  ceiling: 'the rate ceiling set for this client',
}

/** The line said when a request is tried again (a 429's wait is said by the rate-limit line). */
export const retryLine = (r: RetryNotice): string =>
  `intercom-users: ${r.method} ${r.url} failed (${r.status === undefined ? r.tag : `HTTP ${r.status}`}); ` +
  `trying again in ${(r.waitMs / 1000).toFixed(1)} s ` +
  `(attempt ${r.attempt + 1} of ${r.maxAttempts})`

/** The line said when the client waits for a rate-limit window. */
export const rateWaitLine = (wait: RateLimitWait): string =>
  `intercom-users: waiting ${(wait.waitMs / 1000).toFixed(1)} s for the rate-limit window to reset: ${WAIT_REASONS[wait.reason]}`

/** The line said when a scroll waits for the app's scroll lock. */
export const lockWaitLine = (wait: {
  readonly waitMs: number
  readonly waitedMs: number
  readonly budgetMs: number
}): string =>
  `intercom-users: waiting ${(wait.waitMs / 1000).toFixed(1)} s for the app's scroll lock: another scroll of this app ` +
  `is open (Intercom allows one, and drops an unused one after a minute); waited ${(wait.waitedMs / 1000).toFixed(0)} s ` +
  `of at most ${(wait.budgetMs / 1000).toFixed(0)} s`

/** The warning for a record written with a value nested too deep replaced. */
export const cutWarning = (id: unknown): string =>
  `intercom-users: warning: user ${printable(String(id))} holds a value nested deeper than ${MAX_DEPTH} levels; ` +
  `it was written with that part replaced by "${CUT_MARK}".`
