import { expect } from 'chai'
import { concatMap, delay, lastValueFrom, map, of, toArray } from 'rxjs'
import { allUsers, listUsers, pullConcatMap, scrollUsers, toAsyncIterable } from '../lib/index.js'
import { allUserPages, listUserPages } from '../lib/pages.js'
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

  it('pullConcatMap: unsubscribing while the work waits on a page read ahead aborts that request', async () => {
    await withSimulator({ users: 200, now: NOW, latencyMs: 400 }, async (sim, client) => {
      let worked = 0
      const subscription = listUserPages(client, { perPage: 50 })
        .pipe(pullConcatMap(() => of((worked += 1)), { prefetch: 1 }))
        .subscribe()
      // Page 1 is worked on, page 2 is in flight (read ahead) and the operator waits for it.
      const deadline = Date.now() + 5_000
      while ((worked < 1 || sim.requests.length < 2) && Date.now() < deadline) await pause(10)
      expect(worked).to.equal(1)
      subscription.unsubscribe()
      while (sim.abortedRequests() === 0 && Date.now() < deadline + 2_000) await pause(10)
      expect(sim.abortedRequests()).to.equal(1)
      await pause(450)
      expect(sim.requests).to.have.length(2)
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

  for (const [path, users, pageCap] of [
    ['pages', 300, 10_000],
    ['scroll', 1_000, 200],
  ] as const) {
    it(`allUsers can be pulled on the ${path} path: a paused consumer holds the requests, and every user comes once`, async () => {
      await withSimulator(
        { users, now: NOW, pageCap },
        async (sim, client) => {
          const iterator = toAsyncIterable(allUsers(client), { prefetch: 0 })[Symbol.asyncIterator]()
          const first = await iterator.next()
          expect(first.done).to.equal(false)
          await pause(100)
          // The first List Users page, then (past the cap) the first scroll page: no more.
          expect(sim.requests).to.have.length(path === 'pages' ? 1 : 2)
          const ids = [(first.value as { id: string }).id]
          for (;;) {
            const next = await iterator.next()
            if (next.done === true) break
            ids.push(next.value.id)
          }
          expect(ids).to.have.length(users)
          expect(new Set(ids).size).to.equal(users)
        },
        { pageCap },
      )
    })
  }

  it('allUsers pulled with prefetch and concurrency gives the users of a plain subscribe, in the same order', async () => {
    await withSimulator({ users: 430, now: NOW }, async (_sim, client) => {
      const pushed = await lastValueFrom(allUsers(client, {}, { concurrency: 3 }).pipe(toArray()))
      const pulled: string[] = []
      for await (const user of toAsyncIterable(allUsers(client, {}, { concurrency: 3 }), { prefetch: 2 }))
        pulled.push(user.id)
      expect(pulled).to.deep.equal(pushed.map((u) => u.id))
      expect(new Set(pulled).size).to.equal(430)
    })
  })

  it('pullConcatMap on allUserPages past the cap: slow work holds the scroll to one page read ahead', async () => {
    await withSimulator(
      { users: 1_000, now: NOW, pageCap: 200 },
      async (sim, client) => {
        let done = 0
        const ahead: number[] = []
        const sizes = await lastValueFrom(
          allUserPages(client).pipe(
            pullConcatMap(
              async (page) => {
                // Scroll pages requested beyond those whose work completed (less the List Users page).
                ahead.push(sim.requests.length - 1 - done)
                await pause(20)
                done += 1
                return page.users.length
              },
              { prefetch: 1 },
            ),
            toArray(),
          ),
        )
        expect(sizes.reduce((a, b) => a + b, 0)).to.equal(1_000)
        // This page and one read ahead; pushed, the scroll would run ahead to all 10 pages.
        expect(Math.max(...ahead)).to.be.at.most(2)
      },
      { pageCap: 200 },
    )
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
