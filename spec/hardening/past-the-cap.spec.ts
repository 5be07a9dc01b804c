import { expect } from 'chai'
import { lastValueFrom, toArray } from 'rxjs'
import { allUsers, listUsers } from '../../lib/index.js'
import { type AllUsersPath } from '../../lib/pages.js'
import { NOW, withSimulator } from '../support/simulator.js'

const CAP = 500

describe('past the cap, nothing is dropped silently', () => {
  it('allUsers that starts on pages and finds more than the cap by the end turns to the Scroll API: every user once', async () => {
    await withSimulator(
      { users: 480, now: NOW, pageCap: CAP, churn: { everyRequests: 2, users: 15 } },
      async (sim, client) => {
        const paths: Array<[AllUsersPath, number | undefined]> = []
        const users = await lastValueFrom(
          allUsers(client, { perPage: 50 }, { onPath: (p, n) => paths.push([p, n]) }).pipe(toArray()),
        )
        const ids = users.map((u) => u.id)
        expect(new Set(ids).size).to.equal(ids.length)
        expect(sim.users.length).to.be.above(CAP)
        expect(new Set(ids)).to.deep.equal(new Set(sim.users.map((u) => u.id)))
        expect(paths.map(([p]) => p)).to.deep.equal(['pages', 'scroll'])
        expect(paths[0]?.[1]).to.equal(480)
      },
      { pageCap: CAP },
    )
  })

  for (const concurrency of [1, 4]) {
    it(`allUsers on a server that gives no total_count reads past the cap over the Scroll API (concurrency ${concurrency})`, async () => {
      await withSimulator(
        {
          users: 730,
          now: NOW,
          pageCap: CAP,
          rewriteList: (body) => {
            const { total_count: _dropped, ...rest } = body
            return rest
          },
        },
        async (sim, client) => {
          const users = await lastValueFrom(allUsers(client, { perPage: 50 }, { concurrency }).pipe(toArray()))
          expect(users.map((u) => u.id).sort()).to.deep.equal(sim.users.map((u) => u.id).sort())
        },
        { pageCap: CAP },
      )
    })
  }

  it('a plain listing at the cap says so on its last page', async () => {
    await withSimulator(
      { users: 600, now: NOW, pageCap: CAP },
      async (_sim, client) => {
        const users = await lastValueFrom(listUsers(client, { perPage: 50 }).pipe(toArray()))
        expect(users).to.have.length(CAP)
      },
      { pageCap: CAP },
    )
  })
})
