import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { inspect } from 'node:util'
import { expect } from 'chai'
import fc from 'fast-check'
import { lastValueFrom, merge, take, toArray, type Observable } from 'rxjs'
import {
  createClient,
  IntercomError,
  isIntercomError,
  listUsers,
  type FetchLike,
  type RateLimitWait,
  type User,
} from '../lib/index.js'
import { listUserPages } from '../lib/pages.js'
import { defaultFetch } from '../lib/core/client.js'
import { startSimulator, type Faults } from '../lib/simulator/index.js'
import { startRawServer } from './support/raw-server.js'
import { countingFetch, FAST_RETRY, NOW, withSimulator } from './support/simulator.js'

const MAIN = fileURLToPath(new URL('../lib/cli/main.js', import.meta.url))
const all = <A>(o: Observable<A>): Promise<A[]> => lastValueFrom(o.pipe(toArray()))
const want = (users: ReadonlyArray<{ id: string; created_at: number }>): string[] =>
  [...users].sort((a, b) => b.created_at - a.created_at || (a.id < b.id ? 1 : -1)).map((u) => u.id)

/** How many requests arrived in each window of `windowMs` (aligned as the simulator aligns them). */
const perWindow = (requests: ReadonlyArray<{ at: number }>, windowMs: number): number[] => {
  const counts = new Map<number, number>()
  for (const r of requests) counts.set(Math.floor(r.at / windowMs), (counts.get(Math.floor(r.at / windowMs)) ?? 0) + 1)
  return [...counts.values()]
}

/** Windows of a fraction of a second, with millisecond resets, so pauses take milliseconds. */
const fastWindow = (limit: number, windowMs: number) => ({ limit, windowMs, fractionalReset: true })

const EXIT_CHECK = fileURLToPath(new URL('./support/exit-check.js', import.meta.url))

describe('resilience', () => {
  it('10,000 users through 10% 429, 5% 5xx (half HTML), 2% resets and 1% stalls: every id exactly once', async () => {
    const faults: Faults = {
      rateLimited: 0.1,
      serverError: 0.05,
      resetBeforeBody: 0.01,
      resetMidBody: 0.01,
      stall: 0.01,
    }
    const counting = countingFetch()
    await withSimulator(
      { users: 10_000, now: NOW, faults, faultSeed: 42, rateLimit: fastWindow(10_000, 20) },
      async (sim, client) => {
        const ids = (await all(listUsers(client, { perPage: 60 }))).map((u) => u.id)
        expect(ids).to.deep.equal(want(sim.users))
        const retries = counting.calls() - 167
        console.log(
          `      ${counting.calls()} requests for 167 pages: ${retries} retries ` +
            `(${sim.rateLimitedRequests()} answered 429, ${sim.faultedRequests()} faulted, ${sim.abortedRequests()} stalled and timed out)`,
        )
        // One retry a faulted request; more only if a sound answer was slower than the timeout.
        expect(retries).to.be.at.least(sim.faultedRequests())
      },
      { fetch: counting.fetch, timeoutMs: 400, retry: { ...FAST_RETRY, maxAttempts: 10 } },
    )
  })

  it('with 20 requests a window and the headers present, a full listing gets no 429', async () => {
    await withSimulator({ users: 2_000, now: NOW, rateLimit: fastWindow(20, 150) }, async (sim, client) => {
      const waits: RateLimitWait[] = []
      client.rateLimitWait$.subscribe((w) => waits.push(w))
      const ids = (await all(listUsers(client, { perPage: 20 }))).map((u) => u.id)
      expect(ids).to.deep.equal(want(sim.users))
      expect(sim.requests).to.have.length(100)
      expect(sim.rateLimitedRequests()).to.equal(0)
      // However fast or slow the machine, no window got more than its 20 requests, and every
      // pause the client took was for a spent window (how many depends on the machine's speed).
      expect(Math.max(...perWindow(sim.requests, 150))).to.be.at.most(20)
      expect(waits.every((w) => w.reason === 'remaining-spent')).to.equal(true)
    })
  })

  it('ten listings sharing one client within 20 requests a window: no burst at a reset, (almost) no 429', async function () {
    this.timeout(60_000)
    await withSimulator({ users: 1_000, now: NOW, rateLimit: fastWindow(20, 300) }, async (sim, client) => {
      const listings = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          all(listUsers(client, { perPage: 40, order: i % 2 === 0 ? 'asc' : 'desc' }, { concurrency: 4 })),
        ),
      )
      for (const users of listings) expect(users).to.have.length(1_000)
      // 10 × 25 pages; a request may only be answered 429 when it crossed a window's edge in flight.
      console.log(`      ${sim.requests.length} requests, ${sim.rateLimitedRequests()} answered 429`)
      expect(sim.rateLimitedRequests()).to.be.at.most(2)
      expect(Math.max(...perWindow(sim.requests, 300))).to.be.at.most(20)
    })
  })

  it('headers only on 429: the limit the first 429 tells paces every window after it', async function () {
    this.timeout(60_000)
    await withSimulator(
      { users: 1_200, now: NOW, rateLimit: fastWindow(10, 250), rateLimitHeaders: '429' },
      async (sim, client) => {
        const ids = (await all(listUsers(client, { perPage: 20 }, { concurrency: 4 }))).map((u) => u.id)
        expect(ids).to.deep.equal(want(sim.users))
        console.log(`      ${sim.requests.length} requests, ${sim.rateLimitedRequests()} answered 429`)
        // At most one concurrency's worth of 429s before the limit is known.
        expect(sim.rateLimitedRequests()).to.be.at.most(4)
      },
    )
  })

  it('headers only on 429, concurrency auto: a slow start, at most 8 × 429 over 50 pages at 10 per 2 s, every user once', async function () {
    this.timeout(60_000)
    await withSimulator(
      { users: 1_000, now: NOW, rateLimit: fastWindow(10, 2_000), rateLimitHeaders: '429' },
      async (sim, client) => {
        const ids = (await all(listUsers(client, { perPage: 20 }, { concurrency: 'auto' }))).map((u) => u.id)
        expect(ids).to.deep.equal(want(sim.users))
        console.log(`      ${sim.requests.length} requests, ${sim.rateLimitedRequests()} answered 429`)
        expect(sim.rateLimitedRequests()).to.be.at.most(8)
      },
    )
  })

  it("the same with Intercom's own header format (whole-second resets)", async () => {
    await withSimulator({ users: 900, now: NOW, rateLimit: { limit: 20, windowMs: 1_000 } }, async (sim, client) => {
      await all(listUsers(client, { perPage: 30 }))
      expect(sim.requests).to.have.length(30)
      expect(sim.rateLimitedRequests()).to.equal(0)
    })
  })

  it("a caller's ceiling holds below Intercom's limit", async () => {
    // When each request leaves the client: loopback delays on a busy machine would blur the
    // server's arrival times, and they can only make requests later, never earlier.
    const sent: number[] = []
    const recording: FetchLike = (url, init) => {
      sent.push(Date.now())
      return defaultFetch(url, init)
    }
    await withSimulator(
      { users: 300, now: NOW },
      async (sim, client) => {
        await all(listUsers(client, { perPage: 20 }))
        expect(sim.requests).to.have.length(15)
        // No more than 5 requests leave in any 100 ms. The limiter counts a request when it grants
        // it; the fetch call comes a moment later, and a busy CI machine (a GC pause) can stretch
        // that moment to 10 ms or more for the earlier request of a pair: 25 ms of margin. Without
        // the ceiling each gap would be a few ms.
        for (let i = 5; i < sent.length; i++) expect((sent[i] ?? 0) - (sent[i - 5] ?? 0)).to.be.at.least(75)
        // Without the ceiling the 15 requests would take a few ms; with it, at least two windows.
        expect((sent.at(-1) ?? 0) - (sent[0] ?? 0)).to.be.at.least(175)
      },
      { rateLimit: { ceiling: { requests: 5, windowMs: 100 } }, fetch: recording },
    )
  })

  it('two concurrent streams on one client share one pause: a 429 holds both until the reset', async () => {
    await withSimulator({ users: 400, now: NOW, rateLimit: fastWindow(3, 150) }, async (sim, client) => {
      const waits: RateLimitWait[] = []
      client.rateLimitWait$.subscribe((w) => waits.push(w))
      const [a, b] = await Promise.all([
        all(listUsers(client, { perPage: 20, order: 'asc' })),
        all(listUsers(client, { perPage: 20, order: 'desc' })),
      ])
      expect(a).to.have.length(400)
      expect(b).to.have.length(400)
      // Each window served at most 3 requests, and the client never stacked a pause per request.
      const perWindow = new Map<number, number>()
      for (const r of sim.requests) {
        if (r.at === 0) continue
        const w = Math.floor(r.at / 150)
        perWindow.set(w, (perWindow.get(w) ?? 0) + 1)
      }
      expect(sim.rateLimitedRequests()).to.be.at.most(1)
      expect(Math.max(...perWindow.values())).to.be.at.most(3 + sim.rateLimitedRequests())
      expect(waits.length).to.be.at.most(perWindow.size + 2)
    })
  })

  it('never retries another 4xx, and reports the attempts when retries run out', async () => {
    const server = await startRawServer((_req, res) => {
      res.writeHead(503, { 'Content-Type': 'text/html' })
      res.end('<title>Service Unavailable</title>')
    })
    try {
      const client = createClient({ token: 't', baseUrl: server.url, retry: { ...FAST_RETRY, maxAttempts: 3 } })
      const error = await lastValueFrom(listUsers(client)).catch((e: unknown) => e as IntercomError)
      expect((error as IntercomError)._tag).to.equal('HttpError')
      expect((error as IntercomError).attempts).to.equal(3)
      expect((error as IntercomError).message).to.contain('gave up after 3 attempts')
      expect(server.requests).to.have.length(3)
    } finally {
      await server.close()
    }
    await withSimulator({ users: 10 }, async (sim) => {
      const wrong = createClient({ token: 'wrong', baseUrl: sim.url, retry: FAST_RETRY })
      const error = await lastValueFrom(listUsers(wrong)).catch((e: unknown) => e as IntercomError)
      expect((error as IntercomError)._tag).to.equal('Unauthorized')
      expect(sim.requests).to.have.length(1)
    })
  })

  it('gives up at once when the wait would pass maxWaitMs', async () => {
    await withSimulator(
      { users: 100, faults: { rateLimited: 1, stormLength: 100 }, rateLimit: fastWindow(1000, 86_400_000) },
      async (sim, client) => {
        const error = await lastValueFrom(listUsers(client)).catch((e: unknown) => e as IntercomError)
        expect((error as IntercomError)._tag).to.equal('RateLimited')
        expect((error as IntercomError).message, (error as IntercomError).message).to.contain(
          'would pass maxWaitMs (1000 ms)',
        )
        expect(sim.requests).to.have.length(1)
      },
      { retry: { ...FAST_RETRY, maxWaitMs: 1_000 } },
    )
  })

  describe('hostile answers', () => {
    it('random bodies never give anything but users or a typed IntercomError (property)', async () => {
      let body = ''
      const server = await startRawServer((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' })
        res.end(body)
      })
      try {
        const client = createClient({ token: 't', baseUrl: server.url, retry: { maxAttempts: 1 } })
        const page = (users: unknown, pages: unknown) =>
          JSON.stringify({ type: 'user.list', total_count: 1, users, pages })
        const bodies = fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((v) => page([v], { page: 1, per_page: 50, total_pages: 1, next: null })),
          fc.jsonValue().map((v) => page([{ type: 'user', id: 'x' }], v)),
          fc
            .record({ id: fc.jsonValue(), email: fc.jsonValue() })
            .map((u) => page([u], { page: 1, per_page: 50, total_pages: 1 })),
        )
        await fc.assert(
          fc.asyncProperty(bodies, async (b) => {
            body = b
            try {
              const users: User[] = await all(listUsers(client).pipe(take(100)))
              return users.every((u) => typeof u.id === 'string' && u.id.length > 0)
            } catch (e) {
              return isIntercomError(e) && ['DecodeError', 'UnsafeNextUrl', 'PaginationLoop'].includes(e._tag)
            }
          }),
          { numRuns: 150 },
        )
      } finally {
        await server.close()
      }
    })

    it('random fault sequences end in every user once or a typed IntercomError (property)', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            rateLimited: fc.double({ min: 0, max: 0.3, noNaN: true }),
            serverError: fc.double({ min: 0, max: 0.3, noNaN: true }),
            resetBeforeBody: fc.double({ min: 0, max: 0.1, noNaN: true }),
            resetMidBody: fc.double({ min: 0, max: 0.1, noNaN: true }),
            stall: fc.double({ min: 0, max: 0.05, noNaN: true }),
            malformed: fc.double({ min: 0, max: 0.05, noNaN: true }),
            truncated: fc.double({ min: 0, max: 0.05, noNaN: true }),
            missingHeaders: fc.double({ min: 0, max: 0.5, noNaN: true }),
          }),
          fc.integer(),
          fc.integer({ min: 1, max: 6 }),
          fc.boolean(),
          async (faults, faultSeed, maxAttempts, unsubscribeEarly) => {
            const sim = await startSimulator({
              users: 300,
              now: NOW,
              faults,
              faultSeed,
              rateLimit: fastWindow(10_000, 50),
            })
            try {
              const client = createClient({
                token: sim.token,
                baseUrl: sim.url,
                timeoutMs: 100,
                retry: { ...FAST_RETRY, maxAttempts },
              })
              const users$ = unsubscribeEarly
                ? listUsers(client, { perPage: 20 }).pipe(take(45))
                : listUsers(client, { perPage: 20 })
              try {
                const ids = (await all(users$)).map((u) => u.id)
                expect(ids).to.deep.equal(want(sim.users).slice(0, unsubscribeEarly ? 45 : 300))
              } catch (e) {
                if (!(e instanceof IntercomError)) throw e
              }
            } finally {
              await sim.close()
            }
          },
        ),
        { numRuns: 25 },
      )
    })

    for (const scenario of ['complete', 'pause', 'backoff']) {
      const when = {
        complete: 'after listings through faults',
        pause: 'after an unsubscribe during a rate-limit pause',
        backoff: 'after an unsubscribe during a backoff',
      }[scenario]
      it(`the process exits by itself ${when}: no timer or socket is left behind`, async () => {
        const child = spawn(process.execPath, [EXIT_CHECK, scenario], { stdio: ['ignore', 'pipe', 'inherit'] })
        let doneAt = 0
        child.stdout.on('data', (d: Buffer) => {
          if (d.toString().includes('done')) doneAt = Date.now()
        })
        const code = await new Promise<number | null>((resolve) => {
          const guard = setTimeout(() => child.kill(), 10_000)
          child.on('close', (c) => {
            clearTimeout(guard)
            resolve(c)
          })
        })
        expect(code).to.equal(0)
        expect(doneAt).to.be.greaterThan(0)
        expect(Date.now() - doneAt).to.be.below(1_000)
      })
    }

    it('a total_count and total_pages that lie do not stop the listing early or make it loop', async () => {
      await withSimulator(
        {
          users: 230,
          now: NOW,
          rewriteList: (body) => ({ ...body, total_count: 5, pages: { ...(body['pages'] as object), total_pages: 1 } }),
        },
        async (sim, client) => {
          const pages = await all(listUserPages(client, { perPage: 50 }))
          expect(pages.flatMap((p) => p.users.map((u) => u.id))).to.deep.equal(want(sim.users))
          expect(pages.at(-1)?.usersSoFar).to.equal(230)
        },
      )
    })

    it('a page larger than per_page is a DecodeError, not more users', async () => {
      await withSimulator(
        {
          users: 120,
          now: NOW,
          rewriteList: (body) => ({ ...body, pages: { ...(body['pages'] as object), per_page: 10 } }),
        },
        async (_sim, client) => {
          const error = await lastValueFrom(listUsers(client)).catch((e: unknown) => e as IntercomError)
          expect((error as IntercomError)._tag).to.equal('DecodeError')
          expect((error as IntercomError).message).to.contain('holds 50 users but says per_page 10')
        },
      )
    })
  })

  it('the token appears in no error, inspect output or CLI output of faulty runs', async () => {
    const token = 'tok_RESILIENCE_never_printed_77'
    const seen: string[] = []
    const faults: Faults = { rateLimited: 0.1, serverError: 0.2, resetMidBody: 0.05, malformed: 0.05, truncated: 0.05 }
    const sim = await startSimulator({
      users: 500,
      now: NOW,
      token,
      faults,
      faultSeed: 5,
      rateLimit: fastWindow(10_000, 50),
    })
    try {
      for (const maxAttempts of [1, 2, 3]) {
        const client = createClient({ token, baseUrl: sim.url, timeoutMs: 200, retry: { ...FAST_RETRY, maxAttempts } })
        seen.push(inspect(client, { depth: 5, showHidden: true }), JSON.stringify(client))
        await lastValueFrom(merge(listUsers(client, { perPage: 10 }), listUsers(client, { perPage: 7 }))).catch(
          (e: unknown) => {
            seen.push(
              String(e),
              inspect(e, { depth: 10, showHidden: true }),
              JSON.stringify(e),
              (e as Error).stack ?? '',
            )
          },
        )
      }
      for (const args of [['--max-retries', '0'], ['--max-retries', '1', '--per-page', '7'], ['--all']]) {
        const output = await new Promise<string>((resolve) => {
          const child = spawn(process.execPath, [MAIN, ...args], {
            env: { PATH: process.env['PATH'] ?? '', INTERCOM_ACCESS_TOKEN: token, INTERCOM_BASE_URL: sim.url },
          })
          let out = ''
          child.stdout.on('data', (d: Buffer) => (out += d.toString()))
          child.stderr.on('data', (d: Buffer) => (out += d.toString()))
          child.on('close', (code) => resolve(`${out}\nexit ${code}`))
        })
        seen.push(output)
      }
    } finally {
      await sim.close()
    }
    expect(seen.join('\n')).to.match(/IntercomError|intercom-users: /)
    for (const text of seen) expect(text).not.to.contain(token)
  })
})
