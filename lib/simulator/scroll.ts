/**
 * The Scroll API as Intercom runs it: one open scroll per app, 100 users a page, the same
 * `scroll_param` on every page, an empty page at the end, expiry after an idle minute, and
 * the faults Intercom's users meet (a lost response after the position advanced, a 500 that
 * says to restart). State and clock are injected, so it is tested without a socket.
 *
 * @module
 */
import { errorList, type Answer } from './list-users.js'
import { hex, type Random } from './random.js'
import type { SimUser } from './seed-users.js'

/** Rates (0..1) of faults on scroll requests; each request draws once from the fault seed. */
export interface ScrollFaults {
  /** The server advances its position, then drops the connection without an answer. */
  readonly lostResponse?: number
  /** The server advances its position, then answers 500 "Please restart the scroll operation". */
  readonly restartError?: number
  /**
   * Whether that 500 also ends the scroll and releases the app's lock. Intercom does not say;
   * the library must work either way. Default `false`: the scroll stays open and usable with its
   * `scroll_param` until it ends or expires, so a client can carry on past the page the 500
   * skipped (a 500 on the first request then holds the lock for a minute, as a lost answer does).
   * `true` ends it: the client must restart from the start, which the lock allows at once.
   */
  readonly releaseLockOnError?: boolean
}

/** What the server does with a scroll request: answer, or drop the connection. */
export type ScrollOutcome = { readonly kind: 'answer'; readonly answer: Answer } | { readonly kind: 'drop' }

interface OpenScroll {
  readonly param: string
  /** Ids served so far: the scroll serves users in creation order, each once. */
  readonly served: Set<string>
  /** Where the next unserved user was last seen in the list (moves back when served users are deleted). */
  position: number
  lastUsed: number
}

/** Users a scroll page holds (Intercom's 100). */
export const SCROLL_PAGE_SIZE = 100
/** The message of the 500 that asks the client to restart the scroll. */
export const RESTART_MESSAGE = 'Request failed due to an internal network error. Please restart the scroll operation.'

const uuid = (random: Random): string =>
  [hex(random, 8), hex(random, 4), `4${hex(random, 3)}`, hex(random, 4), hex(random, 12)].join('-')

/** The app's scroll state. */
export class Scrolls {
  #open: OpenScroll | undefined
  #opened = 0

  constructor(
    private readonly users: () => ReadonlyArray<SimUser>,
    private readonly expiryMs: number,
    private readonly clock: () => number,
    private readonly random: Random,
    private readonly faults: ScrollFaults = {},
  ) {}

  /** How many scrolls were started. */
  get opened(): number {
    return this.#opened
  }

  /** Answers `GET /users/scroll[?scroll_param=...]`. */
  handle(params: URLSearchParams, requestId: string): ScrollOutcome {
    const now = this.clock()
    if (this.#open !== undefined && now - this.#open.lastUsed > this.expiryMs) this.#open = undefined
    const param = params.get('scroll_param')
    if (param === null) {
      if (this.#open !== undefined) {
        return this.#error(400, 'scroll_exists', 'scroll already exists for this app', requestId)
      }
      this.#open = { param: uuid(this.random), served: new Set(), position: 0, lastUsed: now }
      this.#opened += 1
      return this.#page(this.#open, now)
    }
    if (this.#open?.param !== param) return this.#error(404, 'not_found', 'scroll parameter not found', requestId)
    return this.#page(this.#open, now)
  }

  /**
   * The next page: the next users in creation order not served yet. Like a keyset cursor, it is
   * not thrown off by deletions (of users served or not) or creations during the scroll.
   */
  #page(scroll: OpenScroll, now: number): ScrollOutcome {
    const all = this.users()
    let start = Math.min(scroll.position, all.length)
    // Served users deleted before the position moved the unserved ones left.
    while (start > 0 && !scroll.served.has(all[start - 1].id)) start -= 1
    const users = all.slice(start, start + SCROLL_PAGE_SIZE)
    for (const u of users) scroll.served.add(u.id)
    scroll.position = start + users.length
    scroll.lastUsed = now
    // The end of the scroll releases the app's lock.
    if (users.length === 0) this.#open = undefined
    const draw = this.random()
    const lost = this.faults.lostResponse ?? 0
    if (draw < lost) return { kind: 'drop' }
    if (draw < lost + (this.faults.restartError ?? 0)) {
      if (this.faults.releaseLockOnError === true) this.#open = undefined
      return {
        kind: 'answer',
        answer: { status: 500, body: errorList('server_error', RESTART_MESSAGE, `r${hex(this.random, 12)}`) },
      }
    }
    return { kind: 'answer', answer: { status: 200, body: { type: 'user.list', users, scroll_param: scroll.param } } }
  }

  #error(status: number, code: string, message: string, requestId: string): ScrollOutcome {
    return { kind: 'answer', answer: { status, body: errorList(code, message, requestId) } }
  }
}
