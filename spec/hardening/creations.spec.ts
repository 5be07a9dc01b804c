import { expect } from 'chai'
import { lastValueFrom, toArray } from 'rxjs'
import { listUsers, type FetchLike } from '../../lib/index.js'
import { defaultFetch } from '../../lib/core/client.js'
import { NOW, withSimulator } from '../support/simulator.js'

/** The network's jitter: each request leaves after 0 to 15 ms, so parallel requests arrive out of order. */
const jittery = (seed: number): FetchLike => {
  let state = seed
  const random = (): number => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31
  return (url, init) => new Promise((resolve) => setTimeout(resolve, random() * 15)).then(() => defaultFetch(url, init))
}

describe('parallel pages while users are created', () => {
  for (const concurrency of [1, 2, 4, 8, 16, 'auto'] as const) {
    it(`no user that existed from start to end is missed at concurrency ${concurrency} (desc order, a user created a request)`, async () => {
      await withSimulator(
        { users: 600, now: NOW, churn: { everyRequests: 1, users: 1 } },
        async (sim, client) => {
          const before = sim.users.map((u) => u.id)
          const users = await lastValueFrom(listUsers(client, { perPage: 20 }, { concurrency }).pipe(toArray()))
          const seen = new Set(users.map((u) => u.id))
          const missing = before.filter((id) => !seen.has(id))
          expect(missing, `${missing.length} missing`).to.deep.equal([])
        },
        { fetch: jittery(concurrency === 'auto' ? 99 : concurrency) },
      )
    })
  }
})
