import { expect } from 'chai'
import { lastValueFrom, take, toArray } from 'rxjs'
import { createClient, scrollUsers } from '../lib/index.js'
import { scrollUserPages } from '../lib/pages.js'
import { generateUsers, RESTART_MESSAGE, Scrolls } from '../lib/simulator/index.js'
import { seededRandom } from '../lib/simulator/random.js'
import { countingFetch, NOW, withSimulator } from './support/simulator.js'
import { failureOf } from './support/failure.js'

/** Test timings: retries and lock polls in milliseconds, not seconds. */
const FAST = { lockPollMs: 20 }

describe('the Scroll API', () => {
  describe('simulator (state machine, injected clock)', () => {
    const users = generateUsers(250, 1, NOW)
    const body = (outcome: ReturnType<Scrolls['handle']>) => {
      if (outcome.kind !== 'answer') throw new Error('dropped')
      return outcome.answer
    }
    const params = (param?: string) => new URLSearchParams(param === undefined ? '' : { scroll_param: param })

    it('serves 100 users a page with the same scroll_param, an empty page at the end, then releases the lock', () => {
      const scrolls = new Scrolls(
        () => users,
        60_000,
        () => 0,
        seededRandom(1),
      )
      const first = body(scrolls.handle(params(), 'r')).body as { users: unknown[]; scroll_param: string }
      expect(first.users).to.have.length(100)
      const param = first.scroll_param
      expect(param).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/)
      const sizes = [1, 2, 3].map(() => {
        const page = body(scrolls.handle(params(param), 'r')).body as { users: unknown[]; scroll_param: string }
        expect(page.scroll_param).to.equal(param)
        return page.users.length
      })
      expect(sizes).to.deep.equal([100, 50, 0])
      expect(body(scrolls.handle(params(), 'r')).status).to.equal(200)
    })

    it('allows one open scroll per app (400 scroll_exists) and expires an idle one (404, lock released)', () => {
      let now = 0
      const scrolls = new Scrolls(
        () => users,
        60_000,
        () => now,
        seededRandom(1),
      )
      const param = (body(scrolls.handle(params(), 'r')).body as { scroll_param: string }).scroll_param
      const second = body(scrolls.handle(params(), 'r'))
      expect(second.status).to.equal(400)
      expect(second.body).to.deep.include({
        errors: [{ code: 'scroll_exists', message: 'scroll already exists for this app' }],
      })
      now = 60_001
      const expired = body(scrolls.handle(params(param), 'r'))
      expect(expired.status).to.equal(404)
      expect(expired.body).to.deep.include({ errors: [{ code: 'not_found', message: 'scroll parameter not found' }] })
      expect(body(scrolls.handle(params(), 'r')).status).to.equal(200)
    })

    it('faults advance the position: a lost response drops the page, a 500 says to restart', () => {
      const lost = new Scrolls(
        () => users,
        60_000,
        () => 0,
        seededRandom(1),
        { lostResponse: 1 },
      )
      expect(lost.handle(params(), 'r').kind).to.equal('drop')
      const failing = new Scrolls(
        () => users,
        60_000,
        () => 0,
        seededRandom(1),
        { restartError: 1 },
      )
      const answer = body(failing.handle(params(), 'r'))
      expect(answer.status).to.equal(500)
      expect(JSON.stringify(answer.body)).to.contain(RESTART_MESSAGE)
    })
  })

  describe('scrollUsers over loopback HTTP', () => {
    it('emits every user once, in 100-user pages, and a clean scroll sends nothing more', async () => {
      await withSimulator({ users: 1_234, now: NOW }, async (sim, client) => {
        const ids = (await lastValueFrom(scrollUsers(client).pipe(toArray()))).map((u) => u.id)
        expect(ids).to.deep.equal(sim.users.map((u) => u.id))
        // 13 pages of users and the empty page: no loss, so nothing to prove afterwards.
        expect(sim.requests).to.have.length(14)
        expect(sim.requests.every((r) => r.url.includes('/users/scroll'))).to.equal(true)
      })
    })

    it('is pull-based: take(150) reads two pages and no more', async () => {
      await withSimulator({ users: 1_000, now: NOW }, async (sim, client) => {
        expect(await lastValueFrom(scrollUsers(client).pipe(take(150), toArray()))).to.have.length(150)
        await new Promise((r) => setTimeout(r, 30))
        expect(sim.requests).to.have.length(2)
      })
    })

    it('25,000 users with 2% lost responses and 2% restart errors: every id exactly once', async () => {
      const counting = countingFetch()
      await withSimulator(
        {
          users: 25_000,
          now: NOW,
          scrollFaults: { lostResponse: 0.02, restartError: 0.02 },
          faultSeed: 2026,
          // Wide enough that a busy machine's pause between two pages of a pass (two suites at
          // once, a collection) does not expire the scroll mid-pass: at 200 ms it sometimes did,
          // and the passes ran out.
          scrollExpiryMs: 800,
        },
        async (sim, client) => {
          const pages = await lastValueFrom(scrollUserPages(client, FAST).pipe(toArray()))
          const ids = pages.flatMap((p) => p.users.map((u) => u.id))
          expect(ids).to.have.length(25_000)
          expect(new Set(ids)).to.deep.equal(new Set(sim.users.map((u) => u.id)))
          const minimum = 25_000 / 100 + 1
          const sent = counting.calls()
          console.log(
            `      recovery cost: ${sent} requests for ${minimum} on a clean scroll (+${sent - minimum}, ` +
              `x${(sent / minimum).toFixed(2)}), ${pages.at(-1)?.pass} passes, ${sim.scrollsOpened()} scrolls opened`,
          )
        },
        { fetch: counting.fetch },
      )
    })

    it("waits out another scroll's lock (scroll_exists) within the budget", async () => {
      await withSimulator({ users: 300, now: NOW, scrollExpiryMs: 150 }, async (sim, client) => {
        // Another export opened a scroll and walked away.
        await fetch(`${sim.url}/users/scroll`, {
          headers: { Authorization: `Bearer ${sim.token}`, 'Intercom-Version': '1.4' },
        })
        const started = Date.now()
        const users = await lastValueFrom(scrollUsers(client, { ...FAST, lockWaitMs: 1_000 }).pipe(toArray()))
        expect(users).to.have.length(300)
        expect(Date.now() - started).to.be.at.least(140)
        expect(sim.requests.filter((r) => r.url.endsWith('/users/scroll')).length).to.be.greaterThan(2)
      })
    })

    it('raises ScrollExists when the lock outlasts the budget', async () => {
      await withSimulator({ users: 300, now: NOW, scrollExpiryMs: 60_000 }, async (sim, client) => {
        await fetch(`${sim.url}/users/scroll`, {
          headers: { Authorization: `Bearer ${sim.token}`, 'Intercom-Version': '1.4' },
        })
        const error = await failureOf(lastValueFrom(scrollUsers(client, { ...FAST, lockWaitMs: 100 })))
        expect(error._tag).to.equal('ScrollExists')
        expect(error.message).to.contain("held this app's scroll lock for over 100 ms")
      })
    })

    it('raises ScrollExpired when the scroll keeps expiring past the pass budget', async () => {
      // Every continuation arrives after the scroll expired: each pass gets one page only.
      await withSimulator({ users: 500, now: NOW, latencyMs: 30, scrollExpiryMs: 10 }, async (_sim, client) => {
        const error = await failureOf(lastValueFrom(scrollUsers(client, { ...FAST, maxPasses: 3 })))
        expect(error._tag).to.equal('ScrollExpired')
        expect(error.message).to.contain('could not be completed in 3 passes (100 users emitted')
      })
    })

    it('surfaces a non-retryable failure at once (401)', async () => {
      await withSimulator({ users: 10 }, async (sim) => {
        const client = createClient({ token: 'wrong', baseUrl: sim.url })
        const error = await failureOf(lastValueFrom(scrollUsers(client)))
        expect(error._tag).to.equal('Unauthorized')
        expect(sim.requests).to.have.length(1)
      })
    })
  })
})
