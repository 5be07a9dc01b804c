import { expect } from 'chai'
import { lastValueFrom, mergeMap, toArray } from 'rxjs'
import { allUsers, dedupeById, IntercomError, listUsers } from '../lib/index.js'
import { type AllUsersPath } from '../lib/pages.js'
import { NOW, withSimulator } from './support/simulator.js'

const DAY = 86_400

describe('allUsers', () => {
  it('25,000 users: switches to the Scroll API and emits every id exactly once', async () => {
    await withSimulator({ users: 25_000, now: NOW }, async (sim, client) => {
      const paths: Array<[AllUsersPath, number | undefined]> = []
      const users = await lastValueFrom(allUsers(client, {}, { onPath: (p, n) => paths.push([p, n]) }).pipe(toArray()))
      expect(paths).to.deep.equal([['scroll', 25_000]])
      const ids = users.map((u) => u.id)
      expect(ids).to.have.length(25_000)
      expect(new Set(ids)).to.deep.equal(new Set(sim.users.map((u) => u.id)))
      // One page to learn the total, and the scroll (250 pages and the empty one): no loss, no proof to make.
      expect(sim.requests).to.have.length(252)
    })
  })

  it("under the cap: page iteration, in Intercom's order, at 60 a page", async () => {
    await withSimulator({ users: 3_000, now: NOW }, async (sim, client) => {
      const paths: AllUsersPath[] = []
      const users = await lastValueFrom(
        allUsers(client, { order: 'asc' }, { onPath: (p) => paths.push(p) }).pipe(toArray()),
      )
      expect(paths).to.deep.equal(['pages'])
      const want = [...sim.users].sort((a, b) => a.created_at - b.created_at || (a.id < b.id ? -1 : 1))
      expect(users.map((u) => u.id)).to.deep.equal(want.map((u) => u.id))
      expect(sim.requests).to.have.length(50)
      expect(sim.requests.some((r) => r.url.includes('/scroll'))).to.equal(false)
    })
  })

  it('beyond the cap, filters createdSince on the client', async () => {
    await withSimulator({ users: 12_000, now: Math.floor(Date.now() / 1000) }, async (sim, client) => {
      const users = await lastValueFrom(allUsers(client, { createdSince: 100 }).pipe(toArray()))
      const since = Math.floor(Date.now() / 1000) - 100 * DAY
      const want = sim.users.filter((u) => u.created_at >= since)
      expect(want.length).to.be.greaterThan(10_000 * 0.05)
      expect(new Set(users.map((u) => u.id))).to.deep.equal(new Set(want.map((u) => u.id)))
    })
  })

  for (const params of [{ sort: 'updated_at' as const }, { order: 'asc' as const }]) {
    it(`beyond the cap, refuses what the Scroll API cannot honour: ${JSON.stringify(params)}`, async () => {
      await withSimulator({ users: 10_001, now: NOW }, async (sim, client) => {
        try {
          await lastValueFrom(allUsers(client, params))
          expect.fail('expected InvalidParams')
        } catch (e) {
          expect(e).to.be.instanceOf(IntercomError)
          expect((e as IntercomError)._tag).to.equal('InvalidParams')
          expect((e as IntercomError).message).to.contain(`takes no ${Object.keys(params)[0]}`)
        }
        expect(sim.requests).to.have.length(1)
      })
    })
  }
})

describe('churn during a descending listing', () => {
  // 20 users are created after every 2 page requests: the newest come first in a descending
  // listing, so users already read are pushed onto the next page and read again.
  const churn = { everyRequests: 2, users: 20 }

  it('without dedupeById, users repeat (what the operator is for)', async () => {
    await withSimulator({ users: 1_000, now: NOW, churn }, async (_sim, client) => {
      const ids = (await lastValueFrom(listUsers(client, { perPage: 50 }).pipe(toArray()))).map((u) => u.id)
      expect(new Set(ids).size).to.be.lessThan(ids.length)
    })
  })

  it('with dedupeById: no pre-existing user missing, none twice', async () => {
    await withSimulator({ users: 1_000, now: NOW, churn }, async (sim, client) => {
      const before = sim.users.slice(0, 1_000).map((u) => u.id)
      const ids = (await lastValueFrom(listUsers(client, { perPage: 50 }).pipe(dedupeById(), toArray()))).map(
        (u) => u.id,
      )
      expect(new Set(ids).size).to.equal(ids.length)
      const got = new Set(ids)
      expect(before.filter((id) => !got.has(id))).to.deep.equal([])
      expect(sim.users.length).to.be.greaterThan(1_000)
    })
  })

  it('allUsers deduplicates on its own', async () => {
    await withSimulator({ users: 1_000, now: NOW, churn }, async (sim, client) => {
      const ids = (await lastValueFrom(allUsers(client).pipe(toArray()))).map((u) => u.id)
      expect(new Set(ids).size).to.equal(ids.length)
      const got = new Set(ids)
      expect(sim.users.slice(0, 1_000).every((u) => got.has(u.id))).to.equal(true)
    })
  })

  it('a bounded window of one page and a half suffices here', async () => {
    await withSimulator({ users: 1_000, now: NOW, churn }, async (sim, client) => {
      const ids = await lastValueFrom(
        listUsers(client, { perPage: 50 }).pipe(
          dedupeById({ window: 75 }),
          mergeMap((u) => [u.id]),
          toArray(),
        ),
      )
      expect(new Set(ids).size).to.equal(ids.length)
      const got = new Set(ids)
      expect(sim.users.slice(0, 1_000).every((u) => got.has(u.id))).to.equal(true)
    })
  })
})
