import { expect } from 'chai'
import { concatMap, delay, lastValueFrom, map, of, toArray } from 'rxjs'
import { listUserPages, listUsers, pullConcatMap, scrollUsers, toAsyncIterable } from '../lib/index.js'
import { NOW, withSimulator } from './support/simulator.js'

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('backpressure', () => {
  for (const prefetch of [0, 1, 3]) {
    it(`for await: a consumer paused on its first user has sent at most 1 + prefetch requests (prefetch ${prefetch})`, async () => {
      await withSimulator({ users: 1_000, now: NOW }, async (sim, client) => {
        const iterator = toAsyncIterable(listUsers(client, { perPage: 20 }), { prefetch })[Symbol.asyncIterator]()
        const first = await iterator.next()
        expect(first.done).to.equal(false)
        // Let every request the stream would send arrive, however slow the machine.
        const deadline = Date.now() + 2_000
        while (sim.requests.length < 1 + prefetch && Date.now() < deadline) await pause(10)
        await pause(100)
        expect(sim.requests).to.have.length(1 + prefetch)
        await iterator.return?.()
      })
    })
  }

  it('for await reads every user in order, and a break aborts what is in flight', async () => {
    await withSimulator({ users: 250, now: NOW }, async (sim, client) => {
      const ids: string[] = []
      for await (const user of toAsyncIterable(listUsers(client, { perPage: 60, order: 'asc' }))) ids.push(user.id)
      const want = [...sim.users].sort((a, b) => a.created_at - b.created_at || (a.id < b.id ? -1 : 1)).map((u) => u.id)
      expect(ids).to.deep.equal(want)
      const before = sim.requests.length
      let taken = 0
      for await (const _user of toAsyncIterable(listUsers(client, { perPage: 10 }), { prefetch: 0 })) {
        if (++taken === 15) break
      }
      await pause(50)
      expect(sim.requests.length - before).to.equal(2)
    })
  })

  it('pullConcatMap: slow work on each page pulls the next page only when it completes', async () => {
    await withSimulator({ users: 500, now: NOW }, async (sim, client) => {
      const inFlightAhead: number[] = []
      let saved = 0
      const results = await lastValueFrom(
        listUserPages(client, { perPage: 50 }).pipe(
          pullConcatMap(
            (page) => {
              // Pages requested beyond those whose work has completed, this one included.
              inFlightAhead.push(sim.requests.length - saved)
              return of(page.users.length).pipe(
                delay(40),
                map((n) => {
                  saved += 1
                  return n
                }),
              )
            },
            { prefetch: 1 },
          ),
          toArray(),
        ),
      )
      expect(results.reduce((a, b) => a + b, 0)).to.equal(500)
      expect(Math.max(...inFlightAhead)).to.be.at.most(2)
    })
  })

  it('a plain concatMap on the same stream is not bounded (what pullConcatMap is for)', async () => {
    await withSimulator({ users: 500, now: NOW }, async (sim, client) => {
      const ahead: number[] = []
      let saved = 0
      await lastValueFrom(
        listUserPages(client, { perPage: 50 }).pipe(
          concatMap((page) => {
            ahead.push(sim.requests.length - saved)
            return of(page).pipe(
              delay(40),
              map(() => (saved += 1)),
            )
          }),
          toArray(),
        ),
      )
      expect(Math.max(...ahead)).to.be.greaterThan(2)
    })
  })

  it('scrollUsers can be pulled too', async () => {
    await withSimulator({ users: 1_000, now: NOW }, async (sim, client) => {
      const iterator = toAsyncIterable(scrollUsers(client), { prefetch: 0 })[Symbol.asyncIterator]()
      await iterator.next()
      await pause(80)
      expect(sim.requests).to.have.length(1)
      await iterator.return?.()
    })
  })

  it('errors reach the loop as exceptions', async () => {
    await withSimulator({ users: 10, pageCap: 5 }, async (_sim, client) => {
      let caught: unknown
      try {
        for await (const _user of toAsyncIterable(listUsers(client, { perPage: 5, page: 2 }))) void _user
      } catch (e) {
        caught = e
      }
      expect((caught as { _tag?: string })._tag).to.equal('PageLimitReached')
    })
  })
})
