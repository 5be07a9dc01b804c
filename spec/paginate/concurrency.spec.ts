import { expect } from 'chai'
import { lastValueFrom, merge, toArray } from 'rxjs'
import { createClient, listUsers } from '../../lib/index.js'
import { listUserPages, type UserPage } from '../../lib/pages.js'
import { AUTO_CEILING, autoConcurrency, slowStart } from '../../lib/paging/concurrency.js'
import type { RateBudget } from '../../lib/transport/rate-limiter.js'
import { cli, lines } from '../support/cli.js'
import { failureOf } from '../support/failure.js'
import { FAST_MARGIN, NOW, withSimulator } from '../support/simulator.js'

const budget = (b: Partial<RateBudget>): RateBudget => ({
  available: 1_000,
  resetInMs: 5_000,
  latencyMs: 100,
  answers: 100,
  rateLimited: false,
  ...b,
})

/** The most requests that arrived in one window of the simulator (its windows start at multiples of their length). */
const busiestWindow = (requests: ReadonlyArray<{ readonly at: number }>, windowMs: number): number => {
  const counts = new Map<number, number>()
  for (const r of requests) counts.set(Math.floor(r.at / windowMs), (counts.get(Math.floor(r.at / windowMs)) ?? 0) + 1)
  return Math.max(...counts.values())
}

/** The median of what `auto` picked for the 20 pages after the first (the window's start, where the listing is rate-bound). */
const medianPick = (pages: ReadonlyArray<UserPage>): number => {
  const picks = pages
    .slice(1, 21)
    .map((p) => p.concurrency)
    .sort((a, b) => a - b)
  return picks[Math.floor(picks.length / 2)] ?? 0
}

describe('concurrency auto', () => {
  describe('autoConcurrency (the pick, a pure function)', () => {
    it('goes to the ceiling while the pages left fit in what the window has left', () => {
      expect(autoConcurrency(budget({}), { inFlight: 0, pagesLeft: 199 })).to.equal(AUTO_CEILING)
      expect(autoConcurrency(budget({ available: 10 }), { inFlight: 6, pagesLeft: 10 })).to.equal(AUTO_CEILING)
    })
    it('when the window has less room than the pages left, keeps in flight what spends it evenly: rate × latency', () => {
      // 100 requests left for 5 s: 20 a second; at 100 ms each, 2 in flight spend it.
      expect(autoConcurrency(budget({ available: 100 }), { inFlight: 0, pagesLeft: 500 })).to.equal(2)
      // The same room at 300 ms: 6.
      expect(autoConcurrency(budget({ available: 100, latencyMs: 300 }), { inFlight: 0, pagesLeft: 500 })).to.equal(6)
      // A spent window: 1, which waits in the limiter for the reset.
      expect(autoConcurrency(budget({ available: 0 }), { inFlight: 0, pagesLeft: 500 })).to.equal(1)
    })
    it('halves after a 429, and never leaves 1 to AUTO_CEILING', () => {
      expect(autoConcurrency(budget({ rateLimited: true }), { inFlight: 0, pagesLeft: 10 })).to.equal(AUTO_CEILING / 2)
      expect(autoConcurrency(budget({ available: 1e9, resetInMs: 1 }), { inFlight: 0, pagesLeft: 1e10 })).to.equal(
        AUTO_CEILING,
      )
      expect(
        autoConcurrency(budget({ available: undefined, answers: 1_000 }), { inFlight: 0, pagesLeft: 5 }),
        'no limit known yet, after many answers',
      ).to.equal(AUTO_CEILING)
    })
    it('before any answer told the limit, starts at 2 and grows with the answers (a slow start), halved after a 429', () => {
      const blind = (answers: number, rateLimited = false) =>
        autoConcurrency(budget({ available: undefined, answers, rateLimited }), { inFlight: 0, pagesLeft: 200 })
      expect([0, 2, 8, 18, 450, 5_000].map((n) => blind(n))).to.deep.equal([2, 4, 6, 8, 32, AUTO_CEILING])
      expect(blind(18, true)).to.equal(4)
      for (let n = 0; n < 1_000; n++) expect(slowStart(n + 1)).to.be.at.least(slowStart(n))
    })
  })

  describe('over HTTP against the simulator', () => {
    // 150 pages against a window of 120 (or 40) requests in 2 s: the listing is rate-bound, and
    // the pick follows the latency and the limit.
    const run = (latencyMs: number, limit: number) =>
      withSimulator(
        { users: 1_500, now: NOW, latencyMs, rateLimit: { limit, windowMs: 2_000 } },
        async (sim, client) => {
          // Started just after a window opens, the listing meets a whole window (the windows start at multiples of 2 s).
          await new Promise((resolve) => setTimeout(resolve, 2_000 - (Date.now() % 2_000) + 20))
          const pages = await lastValueFrom(
            listUserPages(client, { perPage: 10 }, { concurrency: 'auto' }).pipe(toArray()),
          )
          expect(pages.flatMap((p) => p.users.map((u) => u.id))).to.have.length(1_500)
          expect(sim.rateLimitedRequests(), '429s').to.equal(0)
          return medianPick(pages)
        },
      )

    it('picks more pages in flight at a higher latency, and fewer at a lower limit; never a 429', async function () {
      this.timeout(60_000)
      const fast = await run(2, 120)
      const slow = await run(100, 120)
      const tight = await run(100, 40)
      expect(slow, `median pick at 2 ms ${fast}, at 100 ms ${slow}`).to.be.greaterThan(fast)
      expect(tight, `median pick at 120 a window ${slow}, at 40 ${tight}`).to.be.lessThan(slow)
    })

    it('measures the latency on answers only: requests aborted early do not pull it down', async function () {
      this.timeout(20_000)
      await withSimulator({ users: 200, now: NOW, latencyMs: 150 }, async (sim, client) => {
        await lastValueFrom(listUsers(client, { perPage: 50 }).pipe(toArray()))
        const measured = client.limiter.budget().latencyMs ?? 0
        expect(measured).to.be.at.least(140)
        for (let i = 0; i < 10; i++) {
          const subscription = listUsers(client, { perPage: 50 }).subscribe()
          await new Promise((resolve) => setTimeout(resolve, 5))
          subscription.unsubscribe()
        }
        // Ten answers never given, each aborted after about 5 ms: the average is still the answers'.
        expect(client.limiter.budget().latencyMs ?? 0).to.be.at.least(140)
        expect(sim.requests.length).to.be.greaterThan(4)
      })
    })

    it('two auto listings on one client share its window: together they never pass it (no 429), and both are whole', async function () {
      this.timeout(60_000)
      await withSimulator(
        { users: 1_500, now: NOW, latencyMs: 20, rateLimit: { limit: 60, windowMs: 1_000 } },
        async (sim, client) => {
          const [a, b] = [0, 1].map(() => listUsers(client, { perPage: 10 }, { concurrency: 'auto' }))
          const users = await lastValueFrom(merge(a, b).pipe(toArray()))
          expect(users).to.have.length(3_000)
          expect(sim.rateLimitedRequests()).to.equal(0)
          // Requests by the window they arrived in: none holds more than the limit.
          expect(busiestWindow(sim.requests, 1_000)).to.be.at.most(60)
        },
        { rateLimit: FAST_MARGIN },
      )
    })

    it('with rateLimit.share 0.5, spends at most half of each window (the other half is left to other integrations)', async function () {
      this.timeout(60_000)
      await withSimulator(
        { users: 600, now: NOW, latencyMs: 5, rateLimit: { limit: 40, windowMs: 1_000 } },
        async (sim, client) => {
          const users = await lastValueFrom(listUsers(client, { perPage: 10 }, { concurrency: 'auto' }).pipe(toArray()))
          expect(users).to.have.length(600)
          expect(sim.rateLimitedRequests()).to.equal(0)
          // The first request learns the limit: from then on, 20 a window.
          expect(busiestWindow(sim.requests.slice(1), 1_000)).to.be.at.most(20)
          expect(sim.requests.length).to.be.at.least(60)
        },
        { rateLimit: { ...FAST_MARGIN, share: 0.5 } },
      )
    })
  })

  describe('what is refused', () => {
    it("a concurrency that is neither 'auto' nor a whole number from 1: InvalidParams, nothing sent", async () => {
      await withSimulator({ users: 10, now: NOW }, async (sim, client) => {
        for (const concurrency of [0, 2.5, 'fast'] as const) {
          const error = await failureOf(listUsers(client, {}, { concurrency: concurrency as never }))
          expect(error._tag).to.equal('InvalidParams')
          expect(error.message).to.contain("concurrency must be 'auto' or an integer >= 1")
        }
        expect(sim.requests).to.have.length(0)
      })
    })

    it('a rateLimit.share outside (0, 1]: createClient says what it takes', () => {
      expect(() => createClient({ token: 't', rateLimit: { share: 1.5 } })).to.throw(/share\?: a number > 0 and <= 1/)
      expect(() => createClient({ token: 't', rateLimit: { share: 0 } })).to.throw(/share/)
    })

    it('the CLI: --concurrency fast and --rate-share 2 exit 2 with what to pass; --rate-share 0.5 lists every user without a 429', async function () {
      this.timeout(30_000)
      await withSimulator({ users: 300, now: NOW, rateLimit: { limit: 8, windowMs: 1_000 } }, async (sim) => {
        const env = { INTERCOM_BASE_URL: sim.url, INTERCOM_ACCESS_TOKEN: sim.token }
        const fast = await cli(['--concurrency', 'fast'], env)
        expect(fast.code).to.equal(2)
        expect(fast.stderr).to.contain('--concurrency takes auto or a whole number from 1, got "fast"')
        const share = await cli(['--rate-share', '2'], env)
        expect(share.code).to.equal(2)
        expect(share.stderr).to.contain('--rate-share takes the share of each rate-limit window to spend')
        expect(sim.requests).to.have.length(0)
        const half = await cli(['--rate-share', '0.5', '--per-page', '20'], env)
        expect(half.code, half.stderr).to.equal(0)
        expect(lines(half.stdout)).to.have.length(300)
        expect(sim.rateLimitedRequests()).to.equal(0)
        expect(busiestWindow(sim.requests.slice(1), 1_000)).to.be.at.most(4)
      })
    })
  })
})
