/**
 * The simulator's HTTP server: Intercom's List Users on loopback, over `node:http`.
 *
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  compareUsers,
  errorList,
  PAGE_CAP,
  listUsersAnswer,
  type Answer,
  type NextStyle,
  type SortField,
} from './list-users.js'
import { hex, seededRandom } from './random.js'
import { faultDrawer, type Fault, type Faults } from './faults.js'
import { rateWindow, type RateLimitOptions, type WindowState } from './rate-window.js'
import { respond, type Reply } from './respond.js'
import { Scrolls, type ScrollFaults } from './scroll.js'
import { generateUsers, type SimUser } from './seed-users.js'
import { compareContacts, listContactsAnswer } from './list-contacts.js'
import { searchContactsAnswer } from './search-contacts.js'
import { generateContacts, type SimContact } from './seed-contacts.js'
import { DEFAULT_APP_API_VERSION, isUsersApiVersionSim, leadsAnswer, versionAnswer } from './versions.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

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
   * Updates contacts now, as a workspace's admin would: each gets `updated_at` = `at` (default the
   * system clock, Unix seconds); search finds the version before until the index catches up
   * (`searchLagMs`); returns them.
   */
  updateContacts(ids: Iterable<string>, at?: number): ReadonlyArray<SimContact>
  /** Stops the server and drops open connections. */
  close(): Promise<void>
}

// -------------------------------------------------------------------------------------
// server
// -------------------------------------------------------------------------------------

const isAuthorized = (header: string | undefined, token: string): boolean => {
  if (header === undefined) return false
  const [scheme, value = ''] = header.split(' ', 2)
  if (scheme?.toLowerCase() === 'bearer') return value === token
  if (scheme?.toLowerCase() === 'basic') {
    const [user, password = ''] = Buffer.from(value, 'base64').toString('utf8').split(':', 2)
    return user === token && password === ''
  }
  return false
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name]
  return Array.isArray(value) ? value[0] : value
}

/**
 * Updates the records of `store` with these ids in place: `updated_at` = `at` (default the system
 * clock, Unix seconds); `before` is told of each record as it was. Returns the new versions.
 */
const stamp = <T extends { readonly id: string }>(
  store: T[],
  ids: Iterable<string>,
  at: number | undefined,
  before: (record: T) => void = () => undefined,
): T[] => {
  const wanted = new Set(ids)
  const updatedAt = at ?? Math.floor(Date.now() / 1000)
  const updated: T[] = []
  store.forEach((record, i) => {
    if (!wanted.has(record.id)) return
    before(record)
    const next = { ...record, updated_at: updatedAt }
    store[i] = next
    updated.push(next)
  })
  return updated
}

/** How long an idle connection stays open (Node's own default): long enough for clients to reuse it. */
const KEEP_ALIVE_MS = 5_000

/** Intercom's default today: 10,000 requests a minute per app, counted in windows of 10 s. */
export const DEFAULT_RATE_LIMIT = { limit: 1_666, windowMs: 10_000 } as const

/** Starts a simulator on 127.0.0.1. */
export const startSimulator = async (options: SimulatorOptions = {}): Promise<Simulator> => {
  const seed = options.seed ?? 1
  const now = options.now ?? Math.floor(Date.now() / 1000)
  const users = typeof options.users === 'object' ? [...options.users] : generateUsers(options.users ?? 1000, seed, now)
  const token = options.token ?? `sim_${hex(seededRandom(seed ^ 0x5eed), 24)}`
  const latencyMs = options.latencyMs ?? 0
  const nextStyle = options.nextStyle ?? 'full'
  const limit = options.rateLimit ?? DEFAULT_RATE_LIMIT
  const requests: LoggedRequest[] = []
  const views = new Map<string, ReadonlyArray<SimUser>>()
  const sortedBy = (sort: SortField, order: 'asc' | 'desc'): ReadonlyArray<SimUser> => {
    const key = `${sort}:${order}`
    const cached = views.get(key) ?? [...users].sort(compareUsers(sort, order))
    views.set(key, cached)
    return cached
  }
  const scrolls = new Scrolls(
    () => users,
    options.scrollExpiryMs ?? 60_000,
    () => Date.now(),
    seededRandom(options.faultSeed ?? 1),
    options.scrollFaults,
  )
  const contacts =
    typeof options.contacts === 'object' ? [...options.contacts] : generateContacts(options.contacts ?? 0, seed, now)
  let contactsWalk: ReadonlyArray<SimContact> | undefined
  const lagRandom = seededRandom((options.faultSeed ?? 1) ^ 0x1a9)
  const searchLag = (): number => Math.round((options.searchLagMs ?? 0) * (0.5 + lagRandom() / 2))
  /** When a contact created or updated during the run enters the search index as it is now. */
  const indexedAt = new Map<string, number>()
  /** The version the search index still holds of a contact updated a moment ago. */
  const stale = new Map<string, SimContact>()
  let contactsMade = contacts.length
  const createContacts = (n: number): ReadonlyArray<SimContact> => {
    const newest = contacts.reduce((max, c) => Math.max(max, c.created_at), now)
    const added = generateContacts(n, seed, now, contactsMade).map((c, i) => ({ ...c, created_at: newest + 1 + i }))
    contactsMade += n
    for (const c of added) indexedAt.set(c.id, Date.now() + searchLag())
    contacts.push(...added)
    contactsWalk = undefined
    return added
  }
  const updateContacts = (ids: Iterable<string>, at?: number): ReadonlyArray<SimContact> => {
    const updated = stamp(contacts, ids, at, (before) => {
      // Until the index catches up, search still finds the version before (when it was indexed).
      if ((indexedAt.get(before.id) ?? 0) <= Date.now()) stale.set(before.id, before)
      indexedAt.set(before.id, Date.now() + searchLag())
    })
    contactsWalk = undefined
    return updated
  }
  const deleteContacts = (ids: Iterable<string>): number => {
    const gone = new Set(ids)
    const before = contacts.length
    for (let i = contacts.length - 1; i >= 0; i--) if (gone.has(contacts[i].id)) contacts.splice(i, 1)
    contactsWalk = undefined
    return before - contacts.length
  }
  let listRequests = 0
  let createdSoFar = 0
  const createUsers = (n: number): ReadonlyArray<SimUser> => {
    const newest = users.reduce((max, u) => Math.max(max, u.created_at), now)
    // Numbered past every user ever made, so an id is never reused after a deletion.
    const added = generateUsers(n, seed, now, users.length + createdSoFar).map((u, i) => ({
      ...u,
      created_at: newest + 1 + i,
    }))
    createdSoFar += n
    users.push(...added)
    views.clear()
    return added
  }
  const updateUsers = (ids: Iterable<string>, at?: number): ReadonlyArray<SimUser> => {
    const updated = stamp(users, ids, at)
    views.clear()
    return updated
  }
  const deleteUsers = (ids: Iterable<string>): number => {
    const gone = new Set(ids)
    let deleted = 0
    for (let i = users.length - 1; i >= 0; i--) {
      if (gone.has(users[i].id)) {
        users.splice(i, 1)
        deleted += 1
      }
    }
    views.clear()
    return deleted
  }
  const churn = (): void => {
    if (options.churn === undefined) return
    listRequests += 1
    if (listRequests % options.churn.everyRequests !== 0) return
    createUsers(options.churn.users)
  }
  let aborted = 0
  let rateLimited = 0
  let faulted = 0
  let requestCounter = 0
  const windowOf = rateWindow(limit, () => Date.now())
  const drawFault = faultDrawer(seededRandom((options.faultSeed ?? 1) ^ 0xfa17), options.faults ?? {})

  const defaultApiVersion = options.defaultApiVersion ?? DEFAULT_APP_API_VERSION
  const versionOf = (req: IncomingMessage): string => header(req, 'intercom-version') ?? defaultApiVersion
  const route = (
    method: string | undefined,
    url: URL,
    origin: string,
    requestId: string,
    apiVersion: string | undefined,
    body: unknown,
  ): Answer | 'drop' => {
    const effective = apiVersion ?? defaultApiVersion
    const version = versionAnswer(effective, url.pathname, requestId)
    if (version !== undefined) return version
    if (method === 'POST' && url.pathname === '/contacts/search' && !isUsersApiVersionSim(effective)) {
      return searchContactsAnswer(contacts, body, requestId, {
        timeZone: options.timeZone ?? 'UTC',
        now: Math.floor(Date.now() / 1000),
        indexed: (c) => ((indexedAt.get(c.id) ?? 0) <= Date.now() ? c : stale.get(c.id)),
      })
    }
    if (method === 'GET' && url.pathname === '/contacts') {
      // On 1.x, /contacts is the Leads resource.
      if (isUsersApiVersionSim(effective)) return leadsAnswer(contacts, url, origin)
      contactsWalk ??= [...contacts].sort(compareContacts)
      return listContactsAnswer(contactsWalk, url.searchParams, requestId)
    }
    if (method === 'GET' && url.pathname === '/users/scroll') {
      const outcome = scrolls.handle(url.searchParams, requestId)
      return outcome.kind === 'drop' ? 'drop' : outcome.answer
    }
    if (method === 'GET' && url.pathname === '/users') {
      churn()
      const listed = listUsersAnswer(sortedBy, url.searchParams, {
        pageCap: options.pageCap ?? PAGE_CAP,
        origin,
        path: url.pathname,
        now,
        requestId,
        nextStyle,
      })
      return listed.status === 200 && options.rewriteList !== undefined
        ? { status: 200, body: options.rewriteList(listed.body as Record<string, unknown>, url) }
        : listed
    }
    return { status: 404, body: errorList('not_found', 'Resource Not Found', requestId) }
  }

  /** What to send for a request: the rate limit first, then auth, then injected faults, then the API. */
  const reply = (
    req: IncomingMessage,
    url: URL,
    origin: string,
    window: WindowState,
    fault: Fault | undefined,
    body: unknown,
  ): Reply => {
    requestCounter += 1
    const requestId = `sim${requestCounter.toString(36).padStart(8, '0')}`
    const tooMany = (): Reply => {
      rateLimited += 1
      const message = `Exceeded rate limit of ${limit.limit} in ${limit.windowMs / 1000}_seconds`
      return { kind: 'json', status: 429, body: errorList('rate_limit_exceeded', message, requestId) }
    }
    if (window.over) return tooMany()
    if (!isAuthorized(req.headers.authorization, token)) {
      return {
        kind: 'json',
        status: 401,
        // 2.x answers a bare object (and, in handle, no rate-limit headers).
        body: isUsersApiVersionSim(versionOf(req))
          ? errorList('token_unauthorized', 'Not authorized to access resource', requestId)
          : { code: 'unauthorized', message: 'Access Token Invalid' },
      }
    }
    if (fault !== undefined) faulted += 1
    switch (fault?.kind) {
      case 'rateLimited':
        return tooMany()
      case 'serverError':
        return fault.html
          ? {
              kind: 'text',
              status: fault.status,
              contentType: 'text/html',
              text: `<html><head><title>${fault.status} Bad Gateway</title></head><body>nginx</body></html>`,
            }
          : {
              kind: 'json',
              status: fault.status,
              body: errorList(fault.status === 503 ? 'service_unavailable' : 'server_error', 'Server Error', requestId),
            }
      case 'resetBeforeBody':
      case 'stall':
        return { kind: fault.kind }
      default:
    }
    const answer = route(req.method, url, origin, requestId, header(req, 'intercom-version'), body)
    if (answer === 'drop') return { kind: 'resetBeforeBody' }
    switch (fault?.kind) {
      case 'resetMidBody':
        return { kind: 'resetMidBody', status: answer.status, body: answer.body }
      case 'malformed':
        return {
          kind: 'text',
          status: answer.status,
          contentType: 'application/json',
          text: '{"type":"user.list","users":[{"id":',
        }
      case 'truncated': {
        const text = JSON.stringify(answer.body)
        return {
          kind: 'text',
          status: answer.status,
          contentType: 'application/json',
          text: text.slice(0, Math.floor(text.length / 2)),
        }
      }
      default:
        return { kind: 'json', status: answer.status, body: answer.body }
    }
  }

  /** A request's JSON body (a search), read before it is answered; `undefined` when there is none or it is not JSON. */
  const handle = (req: IncomingMessage, res: ServerResponse, origin: string): void => {
    if (req.method !== 'POST') return serve(req, res, origin, undefined)
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      let body: unknown
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
      } catch {
        body = undefined
      }
      serve(req, res, origin, body)
    })
  }

  const serve = (req: IncomingMessage, res: ServerResponse, origin: string, body: unknown): void => {
    const url = new URL(req.url ?? '/', origin)
    requests.push({
      at: Date.now(),
      method: req.method ?? 'GET',
      url: url.href,
      authorization: req.headers.authorization,
      userAgent: req.headers['user-agent'],
      accept: req.headers.accept,
      apiVersion: header(req, 'intercom-version'),
      ...(body === undefined ? {} : { body }),
    })
    const window = windowOf()
    const drawn = drawFault()
    const result = reply(req, url, origin, window, drawn.fault, body)
    // A 429 always says the window is spent, as Intercom's do.
    const spent = result.kind === 'json' && result.status === 429 ? { 'X-RateLimit-Remaining': '0' } : {}
    const unauthorizedOn2x = result.kind === 'json' && result.status === 401 && !isUsersApiVersionSim(versionOf(req))
    const stripped =
      drawn.missingHeaders ||
      unauthorizedOn2x ||
      (options.rateLimitHeaders === '429' && !('X-RateLimit-Remaining' in spent))
    const headers = stripped ? {} : { ...window.headers, ...spent }
    res.on('close', () => {
      if (!res.writableFinished) aborted += 1
    })
    if (latencyMs > 0) {
      const timer = setTimeout(() => !res.destroyed && respond(req, res, result, headers), latencyMs)
      res.on('close', () => clearTimeout(timer))
    } else respond(req, res, result, headers)
  }

  const changeRandom = seededRandom((options.faultSeed ?? 1) ^ 0xc4a9)
  const pickIds = <T extends { readonly id: string }>(from: ReadonlyArray<T>, n: number): string[] =>
    from.length === 0 ? [] : Array.from({ length: n }, () => from[Math.floor(changeRandom() * from.length)].id)
  const changer =
    options.changes === undefined
      ? undefined
      : setInterval(() => {
          const { creates, updates } = options.changes ?? { creates: 0, updates: 0 }
          createContacts(creates)
          updateContacts(pickIds(contacts, updates))
          updateUsers(pickIds(users, updates))
        }, options.changes.everyMs)
  changer?.unref()

  let origin = ''
  const server = createServer((req, res) => handle(req, res, origin))
  // Connections stay open between requests, as behind Intercom's load balancers. Clients keep a
  // socket only if the server's `Keep-Alive: timeout=N` leaves them a second of margin (Node's
  // agents and undici subtract one): at 1 s, every request would open a new connection.
  server.keepAliveTimeout = KEEP_ALIVE_MS
  let connections = 0
  server.on('connection', () => (connections += 1))
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  origin = `http://127.0.0.1:${port}`

  return {
    url: origin,
    token,
    users,
    now,
    requests,
    abortedRequests: () => aborted,
    connectionsOpened: () => connections,
    scrollsOpened: () => scrolls.opened,
    rateLimitedRequests: () => rateLimited,
    faultedRequests: () => faulted,
    deleteUsers,
    createUsers,
    updateUsers,
    contacts,
    createContacts,
    deleteContacts,
    updateContacts,
    close: () =>
      new Promise<void>((resolve) => {
        if (changer !== undefined) clearInterval(changer)
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
