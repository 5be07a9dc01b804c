/**
 * The simulator's HTTP server: Intercom's List Users on loopback, over `node:http`.
 *
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { errorList } from './list-users.js'
import { header, isAuthorized } from './auth.js'
import { readJsonBody } from './read-body.js'
import { createRouter } from './router.js'
import { hex, seededRandom } from './random.js'
import { faultDrawer, type Fault } from './faults.js'
import { rateWindow, type WindowState } from './rate-window.js'
import { respond, type Reply } from './respond.js'
import { Scrolls } from './scroll.js'
import { createStore } from './store.js'
import { startChanges } from './changer.js'
import type { LoggedRequest, Simulator, SimulatorOptions } from './options.js'
import { DEFAULT_APP_API_VERSION, isUsersApiVersionSim } from './versions.js'

export type { LoggedRequest, Simulator, SimulatorOptions } from './options.js'

// -------------------------------------------------------------------------------------
// server
// -------------------------------------------------------------------------------------

/** How long an idle connection stays open (Node's own default): long enough for clients to reuse it. */
const KEEP_ALIVE_MS = 5_000

/** The most requests the log keeps. */
const MAX_LOGGED = 200_000

/** Intercom's default today: 10,000 requests a minute per app, counted in windows of 10 s. */
export const DEFAULT_RATE_LIMIT = { limit: 1_666, windowMs: 10_000 } as const

/**
 * Starts a simulator on 127.0.0.1.
 *
 * @example
 * ```ts
 * const sim = await startSimulator({ users: 1_200, contacts: 500, rateLimit: { limit: 20, windowMs: 1_000 } })
 * const client = createClient({ token: sim.token, baseUrl: sim.url })
 * console.log((await lastValueFrom(listUsers(client).pipe(toArray()))).length)
 * await sim.close()
 * ```
 */
export const startSimulator = async (options: SimulatorOptions = {}): Promise<Simulator> => {
  const seed = options.seed ?? 1
  const now = options.now ?? Math.floor(Date.now() / 1000)
  const token = options.token ?? `sim_${hex(seededRandom(seed ^ 0x5eed), 24)}`
  const latencyMs = options.latencyMs ?? 0
  const limit = options.rateLimit ?? DEFAULT_RATE_LIMIT
  const requests: LoggedRequest[] = []
  const scrolls = new Scrolls(
    () => users,
    options.scrollExpiryMs ?? 60_000,
    () => Date.now(),
    seededRandom(options.faultSeed ?? 1),
    options.scrollFaults,
  )
  const store = createStore(options, seed, now)
  const { users, contacts, createContacts, updateContacts, createUsers, updateUsers, deleteUsers, deleteContacts } =
    store
  let aborted = 0
  let rateLimited = 0
  let faulted = 0
  let requestCounter = 0
  const windowOf = rateWindow(limit, () => Date.now())
  const drawFault = faultDrawer(seededRandom((options.faultSeed ?? 1) ^ 0xfa17), options.faults ?? {})

  const defaultApiVersion = options.defaultApiVersion ?? DEFAULT_APP_API_VERSION
  const versionOf = (req: IncomingMessage): string => header(req, 'intercom-version') ?? defaultApiVersion
  const route = createRouter(store, scrolls, options, defaultApiVersion, now)

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
    // A UUID, as Intercom's are (the description's format): the request's number in its last part.
    const requestId = `00000000-0000-4000-8000-${requestCounter.toString(16).padStart(12, '0')}`
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
        // 2.x's error list as its description has it (and, in handle, no rate-limit headers).
        body: isUsersApiVersionSim(versionOf(req))
          ? errorList('token_unauthorized', 'Not authorized to access resource', requestId)
          : errorList('unauthorized', 'Access Token Invalid', requestId),
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
        return {
          kind: 'json',
          status: answer.status,
          body: answer.body,
          ...('headers' in answer ? { headers: answer.headers } : {}),
        }
    }
  }

  /** A request, its body read first for a search: never for a request without the token (answered at once). */
  const handle = (req: IncomingMessage, res: ServerResponse, origin: string): void => {
    if (req.method !== 'POST' || !isAuthorized(req.headers.authorization, token)) {
      req.resume()
      return serve(req, res, origin, undefined)
    }
    readJsonBody(req, res, (body) => serve(req, res, origin, body))
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
    // The log is bounded: past MAX_LOGGED requests, the oldest half goes.
    if (requests.length > MAX_LOGGED) requests.splice(0, requests.length - MAX_LOGGED / 2)
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
    // The simulated Intercom's clock, which may be skewed from this machine's.
    const date = { Date: new Date(Date.now() + (options.clockSkewSeconds ?? 0) * 1000).toUTCString() }
    const headers = stripped ? date : { ...window.headers, ...spent, ...date }
    res.on('close', () => {
      if (!res.writableFinished) aborted += 1
    })
    if (latencyMs > 0) {
      const timer = setTimeout(() => !res.destroyed && respond(req, res, result, headers), latencyMs)
      res.on('close', () => clearTimeout(timer))
    } else respond(req, res, result, headers)
  }

  const stopChanges = startChanges(store, options)

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
    mergeContacts: store.mergeContacts,
    updateContacts,
    close: () =>
      new Promise<void>((resolve) => {
        stopChanges()
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
