import { expect } from 'chai'
import fc from 'fast-check'
import { lastValueFrom, take, toArray } from 'rxjs'
import { allUsers, listUsers, toAsyncIterable } from '../lib/index.js'
import { listUserPages } from '../lib/pages.js'
import { startRawServer } from './support/raw-server.js'
import { failureOf } from './support/failure.js'
import { NOW, withSimulator } from './support/simulator.js'

describe('parallel pages', () => {
  it('emit exactly the sequence of a sequential run, for any size, page size and concurrency (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 1_500 }),
        fc.integer({ min: 5, max: 60 }),
        fc.oneof(fc.integer({ min: 2, max: 8 }), fc.constant('auto' as const)),
        fc.constantFrom('asc' as const, 'desc' as const),
        async (users, perPage, concurrency, order) =>
          withSimulator({ users, now: NOW, latencyMs: 1 }, async (_sim, client) => {
            const sequential = await lastValueFrom(listUsers(client, { perPage, order }).pipe(toArray()))
            const parallel = await lastValueFrom(listUsers(client, { perPage, order }, { concurrency }).pipe(toArray()))
            expect(parallel.map((u) => u.id)).to.deep.equal(sequential.map((u) => u.id))
          }),
      ),
      { numRuns: 20 },
    )
  })

  it('pulled (for await), emit the same sequence, for any size, page size, concurrency and prefetch (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 900 }),
        fc.integer({ min: 5, max: 60 }),
        fc.integer({ min: 2, max: 8 }),
        fc.integer({ min: 0, max: 3 }),
        async (users, perPage, concurrency, prefetch) =>
          withSimulator({ users, now: NOW, latencyMs: 1 }, async (_sim, client) => {
            const sequential = await lastValueFrom(listUsers(client, { perPage }).pipe(toArray()))
            const pulled: string[] = []
            for await (const user of toAsyncIterable(listUsers(client, { perPage }, { concurrency }), { prefetch }))
              pulled.push(user.id)
            expect(pulled).to.deep.equal(sequential.map((u) => u.id))
          }),
      ),
      { numRuns: 15 },
    )
  })

  it('pulled, still fetch in parallel: pages 2 to 5 are requested together', async () => {
    await withSimulator({ users: 300, now: NOW, latencyMs: 150 }, async (sim, client) => {
      let n = 0
      for await (const _user of toAsyncIterable(listUsers(client, { perPage: 60 }, { concurrency: 4 }))) n += 1
      expect(n).to.equal(300)
      expect(sim.requests).to.have.length(5)
      const arrivals = sim.requests.slice(1, 5).map((r) => r.at)
      // One after the other, each would arrive a latency (150 ms) after the one before.
      expect(Math.max(...arrivals) - Math.min(...arrivals)).to.be.below(100)
    })
  })

  it('pulled, a paused consumer holds the listing to concurrency - 1 pages read ahead', async () => {
    await withSimulator({ users: 1_000, now: NOW }, async (sim, client) => {
      const iterator = toAsyncIterable(listUsers(client, { perPage: 20 }, { concurrency: 4 }), { prefetch: 0 })[
        Symbol.asyncIterator
      ]()
      expect((await iterator.next()).done).to.equal(false)
      const deadline = Date.now() + 2_000
      while (sim.requests.length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10))
      await new Promise((r) => setTimeout(r, 100))
      expect(sim.requests).to.have.length(4)
      await iterator.return?.()
    })
  })

  it('keep up to `concurrency` requests in flight, and progress counts in page order', async () => {
    await withSimulator({ users: 600, now: NOW, latencyMs: 40 }, async (sim, client) => {
      const started = Date.now()
      const pages = await lastValueFrom(listUserPages(client, { perPage: 50 }, { concurrency: 4 }).pipe(toArray()))
      expect(pages.map((p) => p.page)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
      expect(pages.map((p) => p.usersSoFar)).to.deep.equal([50, 100, 150, 200, 250, 300, 350, 400, 450, 500, 550, 600])
      // 1 request, then 11 in rounds of 4: 4 round trips of 40 ms at the least, far from 12.
      expect(Date.now() - started).to.be.below(12 * 40)
      const overlapping = sim.requests.filter((r, i) => i > 0 && r.at - (sim.requests[i - 1]?.at ?? 0) < 20).length
      expect(overlapping).to.be.at.least(6)
    })
  })

  it('keep 32 requests in flight on one signal without a listener warning (one abort listener a signal)', async () => {
    const warnings: string[] = []
    const onWarning = (w: Error): number => warnings.push(`${w.name}: ${w.message}`)
    process.on('warning', onWarning)
    try {
      await withSimulator({ users: 2_000, now: NOW, latencyMs: 20 }, async (sim, client) => {
        const users = await lastValueFrom(listUsers(client, { perPage: 50 }, { concurrency: 32 }).pipe(toArray()))
        expect(users).to.have.length(2_000)
        expect(sim.requests).to.have.length(40)
      })
      // A warning is emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve))
      expect(warnings).to.deep.equal([])
    } finally {
      process.off('warning', onWarning)
    }
  })

  it('apply to listUsers as well as to listUserPages', async () => {
    await withSimulator({ users: 600, now: NOW, latencyMs: 40 }, async (sim, client) => {
      const started = Date.now()
      const users = await lastValueFrom(listUsers(client, { perPage: 50 }, { concurrency: 4 }).pipe(toArray()))
      expect(users).to.have.length(600)
      expect(Date.now() - started).to.be.below(12 * 40)
      expect(sim.requests).to.have.length(12)
    })
  })

  it('stop at the cap exactly as sequential listing does', async () => {
    await withSimulator({ users: 12_000, now: NOW }, async (sim, client) => {
      const pages = await lastValueFrom(listUserPages(client, { perPage: 60 }, { concurrency: 6 }).pipe(toArray()))
      expect(pages.flatMap((p) => p.users)).to.have.length(10_000)
      expect(pages.at(-1)?.stoppedAtCap).to.equal(true)
      expect(sim.requests).to.have.length(167)
      for (const r of sim.requests) {
        const url = new URL(r.url)
        expect(Number(url.searchParams.get('page')) * Number(url.searchParams.get('per_page'))).to.be.at.most(10_000)
      }
    })
  })

  it('with a limit, request no page past the one that holds the last user wanted', async () => {
    await withSimulator({ users: 1_000, now: NOW }, async (sim, client) => {
      const users = await lastValueFrom(
        listUsers(client, { perPage: 50 }, { concurrency: 5, limit: 120 }).pipe(take(120), toArray()),
      )
      expect(users).to.have.length(120)
      expect(sim.requests).to.have.length(3)
    })
  })

  it('go on sequentially when total_pages understates the listing', async () => {
    await withSimulator(
      {
        users: 500,
        now: NOW,
        rewriteList: (body) => ({ ...body, pages: { ...(body['pages'] as object), total_pages: 3 } }),
      },
      async (sim, client) => {
        const users = await lastValueFrom(listUsers(client, { perPage: 50 }, { concurrency: 4 }).pipe(toArray()))
        expect(users.map((u) => u.id)).to.deep.equal(
          [...sim.users].sort((a, b) => b.created_at - a.created_at || (a.id < b.id ? 1 : -1)).map((u) => u.id),
        )
      },
    )
  })

  it("still check every page's next: a hostile next in the middle is UnsafeNextUrl, and nothing goes there", async () => {
    const other = await startRawServer((_req, res) => res.end('{}'))
    try {
      await withSimulator(
        {
          users: 500,
          now: NOW,
          rewriteList: (body, url) =>
            url.searchParams.get('page') === '4'
              ? { ...body, pages: { ...(body['pages'] as object), next: `${other.url}/users?page=5` } }
              : body,
        },
        async (_sim, client) => {
          const error = await failureOf(listUsers(client, { perPage: 50 }, { concurrency: 3 }))
          expect(error._tag).to.equal('UnsafeNextUrl')
          // Pulled, the same check, and the error reaches the loop after the users before it.
          let pulled = 0
          let caught: unknown
          try {
            for await (const _user of toAsyncIterable(listUsers(client, { perPage: 50 }, { concurrency: 3 })))
              pulled += 1
          } catch (e) {
            caught = e
          }
          expect((caught as { _tag?: string } | undefined)?._tag).to.equal('UnsafeNextUrl')
          expect(pulled).to.be.at.most(150)
          expect(other.requests).to.have.length(0)
        },
      )
    } finally {
      await other.close()
    }
  })

  it('stay within the rate limit: no 429 at concurrency 8 with 10 requests a window', async () => {
    await withSimulator(
      { users: 1_500, now: NOW, rateLimit: { limit: 10, windowMs: 100, fractionalReset: true } },
      async (sim, client) => {
        const users = await lastValueFrom(listUsers(client, { perPage: 50 }, { concurrency: 8 }).pipe(toArray()))
        expect(users).to.have.length(1_500)
        expect(sim.rateLimitedRequests()).to.be.at.most(1)
      },
    )
  })

  it('refuse a concurrency that is not a positive integer', async () => {
    await withSimulator({ users: 10 }, async (sim, client) => {
      const error = await failureOf(listUsers(client, {}, { concurrency: 0 }))
      expect(error._tag).to.equal('InvalidParams')
      expect(sim.requests).to.have.length(0)
    })
  })

  it('allUsers honours { concurrency } on the page path: pages 2 to 5 are requested together', async () => {
    await withSimulator({ users: 300, now: NOW, latencyMs: 150 }, async (sim, client) => {
      const users = await lastValueFrom(allUsers(client, {}, { concurrency: 4 }).pipe(toArray()))
      expect(users).to.have.length(300)
      const arrivals = sim.requests.slice(1, 5).map((r) => r.at)
      expect(sim.requests).to.have.length(5)
      // Sequential, each would arrive a latency (150 ms) after the one before.
      expect(Math.max(...arrivals) - Math.min(...arrivals)).to.be.below(100)
    })
  })
})
