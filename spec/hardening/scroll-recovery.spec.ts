import { expect } from 'chai'
import { lastValueFrom, toArray } from 'rxjs'
import { type FetchLike } from '../../lib/index.js'
import { scrollUserPages } from '../../lib/pages.js'
import type { Simulator } from '../../lib/simulator/index.js'
import { defaultFetch } from '../../lib/core/client.js'
import { NOW, withSimulator } from '../support/simulator.js'

/**
 * A fetch that loses the answer of the `nth` scroll request after the server served it (so the
 * server's position moved), and runs `meanwhile` against the workspace at that moment.
 */
const losing = (nth: ReadonlyArray<number>, meanwhile: () => void): FetchLike => {
  let scrolls = 0
  return async (url, init) => {
    const isScroll = url.includes('/users/scroll')
    if (isScroll) scrolls += 1
    const response = await defaultFetch(url, init)
    if (isScroll && nth.includes(scrolls)) {
      await response.text()
      meanwhile()
      throw new TypeError('fetch failed: other side closed')
    }
    return response
  }
}

const survivors = (sim: Simulator): string[] => sim.users.map((u) => u.id)

describe('scroll recovery that deletions cannot fool', () => {
  it('a lost page masked by deleting as many users already emitted: every survivor once', async () => {
    let sim: Simulator | undefined
    const fetch = losing([3], () => {
      // 100 users of the first page are deleted while the third page's answer is lost: the
      // workspace's count then equals what was emitted, yet the lost page's users never came.
      const firstPage = sim?.users.slice(0, 100).map((u) => u.id) ?? []
      sim?.deleteUsers(firstPage)
    })
    await withSimulator(
      { users: 1_000, now: NOW },
      async (s, client) => {
        sim = s
        const pages = await lastValueFrom(scrollUserPages(client, { lockPollMs: 20 }).pipe(toArray()))
        const ids = pages.flatMap((p) => p.users.map((u) => u.id))
        expect(new Set(ids).size).to.equal(ids.length)
        const emitted = new Set(ids)
        const missing = survivors(s).filter((id) => !emitted.has(id))
        expect(missing).to.deep.equal([])
        expect(s.users).to.have.length(900)
        expect(pages.at(-1)?.pass).to.equal(2)
      },
      { fetch },
    )
  })

  it('losses in both passes, with users created and deleted meanwhile: every user that existed throughout, once', async () => {
    let sim: Simulator | undefined
    let round = 0
    const fetch = losing([2, 6, 13, 15], () => {
      round += 1
      const users = sim?.users ?? []
      sim?.deleteUsers([users[round * 7]?.id ?? '', users[users.length - round]?.id ?? ''])
      sim?.createUsers(3)
    })
    await withSimulator(
      { users: 1_500, now: NOW, scrollExpiryMs: 100 },
      async (s, client) => {
        sim = s
        const before = new Set(s.users.map((u) => u.id))
        const pages = await lastValueFrom(scrollUserPages(client, { lockPollMs: 20 }).pipe(toArray()))
        const ids = pages.flatMap((p) => p.users.map((u) => u.id))
        expect(new Set(ids).size).to.equal(ids.length)
        const emitted = new Set(ids)
        const throughout = survivors(s).filter((id) => before.has(id))
        expect(throughout.filter((id) => !emitted.has(id))).to.deep.equal([])
      },
      { fetch },
    )
  })
})

describe("the scroll's 500 'Please restart', whether it releases the app's lock or not", () => {
  for (const releaseLockOnError of [true, false]) {
    it(`15% restart errors on 1,000 users (lock ${releaseLockOnError ? 'released' : 'kept until expiry'}): every user once`, async function () {
      this.timeout(30_000)
      for (const faultSeed of [1, 2, 3]) {
        await withSimulator(
          {
            users: 1_000,
            now: NOW,
            scrollFaults: { restartError: 0.15, releaseLockOnError },
            faultSeed,
            scrollExpiryMs: 300,
          },
          async (sim, client) => {
            const waits: number[] = []
            const pages = await lastValueFrom(
              scrollUserPages(client, { lockPollMs: 50, onLockWait: (w) => waits.push(w.waitMs) }).pipe(toArray()),
            )
            const ids = pages.flatMap((p) => p.users.map((u) => u.id))
            expect(ids).to.have.length(1_000)
            expect(new Set(ids)).to.deep.equal(new Set(sim.users.map((u) => u.id)))
            // A released lock is never waited for.
            if (releaseLockOnError) expect(waits).to.deep.equal([])
          },
        )
      }
    })
  }
})
