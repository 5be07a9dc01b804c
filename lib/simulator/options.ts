/**
 * What a simulator is started with, what it logs and what it offers a test.
 *
 * @module
 */
import type { Faults } from './faults.js'
import type { NextStyle } from './list-users.js'
import type { RateLimitOptions } from './rate-window.js'
import type { ScrollFaults } from './scroll.js'
import type { SimContact } from './seed-contacts.js'
import type { SimUser } from './seed-users.js'

/** How to start a simulator; every option has a default. */
export interface SimulatorOptions {
  /** How many seeded users (default 1,000), or the users themselves. */
  readonly users?: number | ReadonlyArray<SimUser>
  /** How many seeded contacts the 2.x Contacts API serves (default 0), or the contacts themselves. */
  readonly contacts?: number | ReadonlyArray<SimContact>
  /** The workspace's time zone, an IANA name (default `UTC`): search matches dates by calendar day in it. */
  readonly timeZone?: string
  /**
   * How far search lags behind writes, in ms (default 0): each created or updated contact reaches
   * the index after a delay drawn (from `faultSeed`) between half this and this, so writes can
   * become searchable in another order than they were made, as on Intercom.
   */
  readonly searchLagMs?: number
  /**
   * How far the simulated Intercom's clock is from this machine's, in seconds (default 0; -30: it
   * is 30 s behind): the `updated_at` of the changes it makes and the `Date` header of its answers.
   */
  readonly clockSkewSeconds?: number
  /**
   * Changes over time: every `everyMs`, `creates` new contacts and `updates` updated ones (drawn
   * from `faultSeed`), and as many users updated; for change streams to follow. Stops on close.
   */
  readonly changes?: { readonly everyMs: number; readonly creates: number; readonly updates: number }
  /** The seed of the users and of the token (default 1). */
  readonly seed?: number
  /** The access token it accepts (default derived from the seed). */
  readonly token?: string
  /** Port on 127.0.0.1 (default 0: any free port). */
  readonly port?: number
  /** Added before every answer, in milliseconds (default 0). */
  readonly latencyMs?: number
  /** The clock for `created_since` and the users' timestamps, Unix seconds (default now). */
  readonly now?: number
  /** `pages.next` with every parameter (`full`, default) or only page and per_page. */
  readonly nextStyle?: NextStyle
  /** The rate limit it enforces, with `X-RateLimit-*` headers on every answer (default Intercom's: 1,666 per 10 s). */
  readonly rateLimit?: RateLimitOptions
  /**
   * Which answers carry the `X-RateLimit-*` headers: `every` (default, Intercom's documented
   * behaviour) or `429` (only answers over the limit: a proxy that strips them, or a lapse).
   */
  readonly rateLimitHeaders?: 'every' | '429'
  /** Faults on API requests, drawn from `faultSeed`. */
  readonly faults?: Faults
  /** The cap on page iteration, page × per_page (default 10,000, Intercom's). */
  readonly pageCap?: number
  /** How long an unused scroll lives, in milliseconds (default 60,000, Intercom's minute). */
  readonly scrollExpiryMs?: number
  /** Faults on scroll requests, drawn from `faultSeed`. */
  readonly scrollFaults?: ScrollFaults
  /** The seed of the faults, scroll faults included (default 1). */
  readonly faultSeed?: number
  /** Creates `users` new (newest) users after every `everyRequests` List Users requests. */
  readonly churn?: {
    /** After how many List Users requests new users appear. */
    readonly everyRequests: number
    /** How many appear each time. */
    readonly users: number
  }
  /**
   * The app's default API version, used when a request sends no `Intercom-Version` (default
   * `2.14`, like any app created since 2020: `/users` then answers 400 `intercom_version_invalid`
   * unless the request asks for 1.x itself). `1.4` makes an old app's workspace.
   */
  readonly defaultApiVersion?: string
  /** A test hook: rewrites a List Users body before it is sent (to make a hostile server). */
  readonly rewriteList?: (body: Record<string, unknown>, url: URL) => unknown
}

/** One request the simulator received. */
export interface LoggedRequest {
  /** When it arrived, ms since the epoch. */
  readonly at: number
  /** The HTTP method. */
  readonly method: string
  /** The request URL, absolute on the simulator's origin. */
  readonly url: string
  /** The `Authorization` header as received (specs check where the token went). */
  readonly authorization: string | undefined
  /** The `User-Agent` header. */
  readonly userAgent: string | undefined
  /** The `Accept` header. */
  readonly accept: string | undefined
  /** The `Intercom-Version` header, when the request sent one. */
  readonly apiVersion: string | undefined
  /** The parsed JSON body of a `POST` (a search), when there was one. */
  readonly body?: unknown
}

/** A running simulator. */
export interface Simulator {
  /** Its base URL, `http://127.0.0.1:<port>`: give it to `createClient({ baseUrl })`. */
  readonly url: string
  /** The token it accepts. */
  readonly token: string
  /** The ground truth: every user, in creation order (live: churn adds to it). */
  readonly users: ReadonlyArray<SimUser>
  /** The clock it uses, Unix seconds. */
  readonly now: number
  /** Every request received, in order. */
  readonly requests: ReadonlyArray<LoggedRequest>
  /** How many requests the client closed before the answer was sent. */
  readonly abortedRequests: () => number
  /** How many connections clients opened (a client that keeps them alive opens few). */
  readonly connectionsOpened: () => number
  /** How many scrolls were started. */
  readonly scrollsOpened: () => number
  /** How many answers were 429, for a reason of the limit or of an injected storm. */
  readonly rateLimitedRequests: () => number
  /** How many requests met an injected fault (besides missing headers). */
  readonly faultedRequests: () => number
  /** Deletes users now, as a workspace's admin would; returns how many existed. */
  deleteUsers(ids: Iterable<string>): number
  /** Creates `n` users now, the newest of the workspace; returns them. */
  createUsers(n: number): ReadonlyArray<SimUser>
  /** Updates users now: each gets `updated_at` = `at` (default the system clock, Unix seconds); returns them. */
  updateUsers(ids: Iterable<string>, at?: number): ReadonlyArray<SimUser>
  /** The ground truth of the Contacts API: every contact, in creation order (live). */
  readonly contacts: ReadonlyArray<SimContact>
  /** Creates `n` contacts now, the newest of the workspace; returns them. */
  createContacts(n: number): ReadonlyArray<SimContact>
  /** Deletes contacts now; returns how many existed. */
  deleteContacts(ids: Iterable<string>): number
  /**
   * Merges a lead into a user now, as Intercom's merge does: the lead is deleted (`GET
   * /contacts/{id}` answers 404, or from 2.16 on 410 Gone with a `Link` to the user) and the user
   * is updated. False when either is not there.
   */
  mergeContacts(leadId: string, userId: string): boolean
  /**
   * Updates contacts now, as a workspace's admin would: each gets `updated_at` = `at` (default the
   * system clock, Unix seconds); search finds the version before until the index catches up
   * (`searchLagMs`); returns them.
   */
  updateContacts(ids: Iterable<string>, at?: number): ReadonlyArray<SimContact>
  /** Stops the server and drops open connections. */
  close(): Promise<void>
}
