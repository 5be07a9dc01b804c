import { expect } from 'chai'
import fc from 'fast-check'
import { lastValueFrom, toArray } from 'rxjs'
import { listUsers } from '../../lib/index.js'
import { listUserPages } from '../../lib/pages.js'
import { planPage } from '../../lib/users/cap.js'
import { NOW, withSimulator } from '../support/simulator.js'

describe('the 10,000 cap', () => {
  describe('planPage (pure)', () => {
    it("keeps the caller's page size while it fits", () => {
      expect(planPage(10_000, 9_950, 50)).to.deep.equal({ page: 200, perPage: 50, skip: 0 })
    })

    it('serves users 9,961 to 10,000 at perPage 60 with page 250 at per_page 40', () => {
      expect(planPage(10_000, 9_960, 60)).to.deep.equal({ page: 250, perPage: 40, skip: 0 })
    })

    it('stops at the cap', () => {
      expect(planPage(10_000, 10_000, 60)).to.equal(undefined)
    })

    it('for every page size, reaches exactly the cap in one request within the cap (property)', () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 60 }), (perPage) => {
          const position = Math.floor(10_000 / perPage) * perPage
          const planned = planPage(10_000, position, perPage)
          if (position === 10_000) return planned === undefined
          return (
            planned !== undefined &&
            planned.page * planned.perPage === 10_000 &&
            (planned.page - 1) * planned.perPage + planned.skip === position
          )
        }),
      )
    })

    it('always makes progress within any cap (property)', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 100_000 }),
          fc.integer({ min: 1, max: 60 }),
          fc.nat(),
          (cap, perPage, at) => {
            const position = at % cap
            const planned = planPage(cap, position, perPage)
            return (
              planned !== undefined &&
              planned.page * planned.perPage <= cap &&
              planned.page * planned.perPage > position &&
              (planned.page - 1) * planned.perPage + planned.skip === position
            )
          },
        ),
      )
    })
  })

  describe('listUsers over 12,000 users', () => {
    for (const perPage of [50, 60]) {
      it(`at perPage ${perPage}: exactly the first 10,000, no request past the cap, and the caller is told`, async () => {
        await withSimulator({ users: 12_000, now: NOW }, async (sim, client) => {
          const pages = await lastValueFrom(listUserPages(client, { perPage }).pipe(toArray()))
          const ids = pages.flatMap((p) => p.users.map((u) => u.id))
          const want = [...sim.users]
            .sort((a, b) => b.created_at - a.created_at || (a.id < b.id ? 1 : -1))
            .slice(0, 10_000)
            .map((u) => u.id)
          expect(ids).to.deep.equal(want)
          for (const request of sim.requests) {
            const url = new URL(request.url)
            expect(Number(url.searchParams.get('page')) * Number(url.searchParams.get('per_page'))).to.be.at.most(
              10_000,
            )
          }
          expect(sim.requests).to.have.length(Math.ceil(10_000 / perPage))
          expect(pages.at(-1)?.stoppedAtCap).to.equal(true)
          expect(pages.slice(0, -1).every((p) => !p.stoppedAtCap)).to.equal(true)
        })
      })
    }

    it('a listing that ends under the cap is not marked as stopped at the cap', async () => {
      await withSimulator({ users: 10_000, now: NOW }, async (sim, client) => {
        const pages = await lastValueFrom(listUserPages(client, { perPage: 60 }).pipe(toArray()))
        expect(pages.at(-1)?.usersSoFar).to.equal(10_000)
        expect(pages.at(-1)?.stoppedAtCap).to.equal(false)
        expect(sim.requests).to.have.length(167)
      })
    })

    it('a configured cap works the same way', async () => {
      await withSimulator(
        { users: 500, pageCap: 130, now: NOW },
        async (sim, client) => {
          const users = await lastValueFrom(listUsers(client, { perPage: 60 }).pipe(toArray()))
          expect(users).to.have.length(130)
          expect(new Set(users.map((u) => u.id)).size).to.equal(130)
          expect(sim.requests.map((r) => new URL(r.url).search)).to.deep.equal([
            '?page=1&per_page=60&order=desc&sort=created_at',
            '?page=2&per_page=60&order=desc&sort=created_at',
            '?page=13&per_page=10&order=desc&sort=created_at',
          ])
        },
        { pageCap: 130 },
      )
    })
  })
})
