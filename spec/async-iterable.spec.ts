import { expect } from 'chai'
import { listUsers, scrollUsers } from '../lib/index.js'
import { NOW, withSimulator } from './support/simulator.js'

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** Waits until `done()` holds, polling; fails after `ms`. */
const until = async (done: () => boolean, ms = 10_000): Promise<void> => {
  const deadline = Date.now() + ms
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await pause(10)
  }
}

describe('the library Observables are async-iterable', () => {
  it('for await over listUsers with a slow body holds the requests to one page read ahead', async () => {
    await withSimulator({ users: 600, now: NOW }, async (sim, client) => {
      let seen = 0
      for await (const user of listUsers(client, { perPage: 60 })) {
        expect(user.id).to.be.a('string')
        seen += 1
        if (seen === 90) {
          // Mid page 2, the loop stops working for a while: page 3 is read ahead, nothing more.
          await until(() => sim.requests.length >= 3)
          await pause(300)
          expect(sim.requests).to.have.length(3)
        }
        if (seen === 150) break
      }
      await pause(50)
      // 150 users are 3 pages; the 4th was read ahead at most, never a 5th.
      expect(sim.requests.length).to.be.at.most(4)
    })
  })

  it('break aborts the request in flight, and every user comes when the loop runs to its end', async () => {
    await withSimulator({ users: 250, now: NOW, latencyMs: 300 }, async (sim, client) => {
      for await (const user of listUsers(client, { perPage: 50 })) {
        expect(user.id).to.be.a('string')
        // Page 2 is in flight (read ahead) while the loop holds the first user.
        await until(() => sim.requests.length === 2)
        break
      }
      await until(() => sim.abortedRequests() === 1)
      expect(sim.requests).to.have.length(2)
    })
    await withSimulator({ users: 230, now: NOW }, async (sim, client) => {
      const ids: string[] = []
      for await (const user of scrollUsers(client)) ids.push(user.id)
      expect(ids).to.deep.equal(sim.users.map((u) => u.id))
    })
  })
})
