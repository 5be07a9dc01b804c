import { inspect } from 'node:util'
import { expect } from 'chai'
import fc from 'fast-check'
import { defer, delay, EMPTY, expand, lastValueFrom, mergeMap, of, take, toArray, type Observable } from 'rxjs'
import { createClient, listUsers, type ListUsersParams, type User } from '../lib/index.js'
import { listUserPages } from '../lib/pages.js'
import type { SimUser } from '../lib/simulator/index.js'
import { startRawServer } from './support/raw-server.js'
import { pullable } from '../lib/core/observe.js'
import { countingFetch, FAST_RETRY, NOW, withSimulator } from './support/simulator.js'
import { failureOf } from './support/failure.js'

const ids = (users: ReadonlyArray<{ id: string }>): string[] => users.map((u) => u.id)
const all = <A>(o: Observable<A>): Promise<A[]> => lastValueFrom(o.pipe(toArray()))
type SortField = 'created_at' | 'last_request_at' | 'signed_up_at' | 'updated_at'

/** The listing the spec expects, computed here independently of the simulator's code. */
const expected = (users: ReadonlyArray<SimUser>, params: ListUsersParams, now: number): string[] => {
  const p = params as Record<string, unknown>
  const sort = (p['sort'] as SortField | undefined) ?? 'created_at'
  const desc = (p['order'] ?? 'desc') === 'desc'
  const key = (u: SimUser): number => (u[sort] as number | null | undefined) ?? -Infinity
  const kept = users.filter(
    (u) =>
      (p['email'] === undefined || u['email'] === p['email']) &&
      (p['phone'] === undefined || u['phone'] === p['phone']) &&
      (p['createdSince'] === undefined || u.created_at >= now - (p['createdSince'] as number) * 86_400),
  )
  const asc = [...kept].sort((a, b) => key(a) - key(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const ordered = desc ? asc.reverse() : asc
  const from = (((p['page'] as number | undefined) ?? 1) - 1) * ((p['perPage'] as number | undefined) ?? 50)
  return ids(ordered.slice(from))
}

describe('listUsers over the simulator', () => {
  it('emits exactly the ground truth, in order, each user once (property)', async () => {
    const paging = { perPage: fc.integer({ min: 1, max: 60 }), page: fc.integer({ min: 1, max: 3 }) }
    const allShape = fc.record(
      {
        ...paging,
        order: fc.constantFrom('asc' as const, 'desc' as const),
        sort: fc.constantFrom(
          'created_at' as const,
          'last_request_at' as const,
          'signed_up_at' as const,
          'updated_at' as const,
        ),
        createdSince: fc.integer({ min: 0, max: 800 }),
      },
      { requiredKeys: [] },
    )
    const emailShape = fc.record(
      { email: fc.constantFrom('test@test.com', 'shared+team@example.com', 'nobody@example.com'), ...paging },
      { requiredKeys: ['email'] },
    )
    const phoneShape = fc.record(
      { phone: fc.constantFrom('00353876543210', '+14155550100'), ...paging },
      { requiredKeys: ['phone'] },
    )
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 3000 }),
        fc.integer(),
        fc.constantFrom('full' as const, 'minimal' as const),
        fc.oneof(allShape, emailShape, phoneShape) as fc.Arbitrary<ListUsersParams>,
        async (count, seed, nextStyle, params) =>
          withSimulator({ users: count, seed, now: NOW, nextStyle }, async (sim, client) => {
            const got = ids(await all(listUsers(client, params)))
            const want = expected(sim.users, params, NOW)
            expect(got).to.deep.equal(want)
            expect(new Set(got).size).to.equal(got.length)
          }),
      ),
      { numRuns: 40 },
    )
  })

  it('reports progress on every page', async () => {
    await withSimulator({ users: 130, now: NOW }, async (_sim, client) => {
      const pages = await all(listUserPages(client, { perPage: 50 }))
      expect(pages.map((p) => [p.page, p.totalPages, p.totalCount, p.usersSoFar, p.users.length])).to.deep.equal([
        [1, 3, 130, 50, 50],
        [2, 3, 130, 100, 50],
        [3, 3, 130, 130, 30],
      ])
      expect(pages[0]?.next).to.match(/page=2/)
      expect(pages[2]?.next).to.equal(null)
      expect(pages[0]?.rateLimit?.limit).to.equal(1_666)
    })
  })

  it('is lazy: take(120) at perPage 50 sends exactly 3 requests, never a 4th', async () => {
    const counting = countingFetch()
    await withSimulator(
      { users: 1000, now: NOW },
      async (sim, client) => {
        expect(await all(listUsers(client, { perPage: 50 }).pipe(take(120)))).to.have.length(120)
        await new Promise((r) => setTimeout(r, 50))
        expect(counting.calls()).to.equal(3)
        expect(sim.requests).to.have.length(3)
        expect(await all(listUsers(client, { perPage: 50 }).pipe(take(100)))).to.have.length(100)
        expect(counting.calls()).to.equal(5)
      },
      { fetch: counting.fetch },
    )
  })

  it('(why the engine is not RxJS expand: expand subscribes to a 4th page for the same take(120))', async () => {
    let subscribed = 0
    const page = (n: number) =>
      defer(() => {
        subscribed += 1
        return of({ n, users: Array.from({ length: 50 }, (_, i) => n * 50 + i) }).pipe(delay(1))
      })
    const naive = page(0).pipe(
      expand((p) => page(p.n + 1)),
      mergeMap((p) => p.users),
      take(120),
    )
    expect(await all(naive)).to.have.length(120)
    expect(subscribed).to.equal(4)
    subscribed = 0
    const lazy = pullable(
      async function* () {
        for (let n = 0; ; n++) yield await lastValueFrom(page(n))
      },
      (p) => p.users,
    ).pipe(take(120))
    expect(await all(lazy)).to.have.length(120)
    expect(subscribed).to.equal(3)
  })

  it('sends nothing until subscribe', async () => {
    await withSimulator({ users: 10 }, async (sim, client) => {
      const users$ = listUsers(client)
      await new Promise((r) => setTimeout(r, 20))
      expect(sim.requests).to.have.length(0)
      await all(users$)
      expect(sim.requests).to.have.length(1)
    })
  })

  it('aborts the request in flight when the subscriber unsubscribes', async () => {
    await withSimulator({ users: 200, latencyMs: 300 }, async (sim, client) => {
      const subscription = listUsers(client, { perPage: 10 }).subscribe()
      while (sim.requests.length === 0) await new Promise((r) => setTimeout(r, 5))
      subscription.unsubscribe()
      const deadline = Date.now() + 2_000
      while (sim.abortedRequests() === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5))
      expect(sim.abortedRequests()).to.equal(1)
      await new Promise((r) => setTimeout(r, 350))
      expect(sim.requests).to.have.length(1)
    })
  })

  describe('guards', () => {
    it('refuses a pages.next on another origin with UnsafeNextUrl; that server receives nothing', async () => {
      const other = await startRawServer((_req, res) => res.end('{}'))
      try {
        await withSimulator(
          {
            users: 100,
            rewriteList: (body) => ({
              ...body,
              pages: { ...(body['pages'] as object), next: `${other.url}/users?page=2` },
            }),
          },
          async (sim, client) => {
            const seen: User[] = []
            const error = await failureOf(
              listUsers(client, { perPage: 50 }).pipe(mergeMap((u) => (seen.push(u), EMPTY))),
            )
            expect(error._tag).to.equal('UnsafeNextUrl')
            expect(error.message).to.contain(other.url)
            expect(error.message).not.to.contain(sim.token)
            expect(seen).to.have.length(0)
            expect(other.requests).to.have.length(0)
            expect(sim.requests).to.have.length(1)
          },
        )
      } finally {
        await other.close()
      }
    })

    it('ends with PaginationLoop when next repeats a page', async () => {
      await withSimulator(
        {
          users: 200,
          rewriteList: (body, url) => {
            const page = Number(url.searchParams.get('page') ?? 1)
            const pages = body['pages'] as Record<string, unknown>
            return page === 2 ? { ...body, pages: { ...pages, next: `${url.origin}/users?per_page=50&page=1` } } : body
          },
        },
        async (sim, client) => {
          const error = await failureOf(listUsers(client, { perPage: 50 }))
          expect(error._tag).to.equal('PaginationLoop')
          expect(error.message).to.contain('after page 2 asks for page 1')
          expect(sim.requests).to.have.length(2)
        },
      )
    })

    it('ends with PaginationLoop when next is the very URL just read', async () => {
      await withSimulator(
        {
          users: 200,
          rewriteList: (body, url) => ({ ...body, pages: { ...(body['pages'] as object), next: url.href } }),
        },
        async (sim, client) => {
          const error = await failureOf(listUsers(client, { perPage: 50 }))
          expect(error._tag).to.equal('PaginationLoop')
          expect(sim.requests).to.have.length(1)
        },
      )
    })
  })

  describe('failures', () => {
    const invalid: ReadonlyArray<unknown> = [
      { perPage: 61 },
      { perPage: 0 },
      { page: 0 },
      { order: 'sideways' },
      { sort: 'name' },
      { createdSince: -1 },
      { email: 'a@b.c', order: 'asc' },
      { phone: '1', sort: 'updated_at' },
      { email: 'a@b.c', createdSince: 1 },
      { email: 'a@b.c', phone: '1' },
      { email: '' },
      { phone: '' },
      { perPage: 10, per_page: 10 },
    ]
    it('every InvalidParams rule errors before any request is sent', async () => {
      await withSimulator({ users: 10 }, async (sim, client) => {
        for (const params of invalid) {
          const error = await failureOf(listUsers(client, params as ListUsersParams))
          expect(error._tag, JSON.stringify(params)).to.equal('InvalidParams')
        }
        expect(sim.requests).to.have.length(0)
      })
    })

    it('a bad token errors with Unauthorized', async () => {
      await withSimulator({ users: 10 }, async (sim) => {
        const client = createClient({ token: 'not-the-token', baseUrl: sim.url })
        const error = await failureOf(listUsers(client))
        expect(error._tag).to.equal('Unauthorized')
        expect(error.status).to.equal(401)
      })
    })

    it('a start past the cap is refused before any request', async () => {
      await withSimulator({ users: 10 }, async (sim, client) => {
        const error = await failureOf(listUsers(client, { page: 201, perPage: 50 }))
        expect(error._tag).to.equal('InvalidParams')
        expect(error.message).to.contain("starts past Intercom's cap of 10000 users")
        expect(sim.requests).to.have.length(0)
      })
    })

    it("a server that answers the cap's 400 earlier than expected errors with PageLimitReached", async () => {
      await withSimulator({ users: 300, pageCap: 100 }, async (sim, client) => {
        const error = await failureOf(listUsers(client, { perPage: 50 }))
        expect(error._tag).to.equal('PageLimitReached')
        expect(error.message).to.contain('page limit reached, please use scroll API')
        expect(sim.requests).to.have.length(3)
      })
    })

    it('a page that fails decoding errors with DecodeError naming the path and the URL', async () => {
      await withSimulator(
        { users: 5, rewriteList: (body) => ({ ...body, users: [{ type: 'user', id: 7 }] }) },
        async (_sim, client) => {
          const error = await failureOf(listUsers(client))
          expect(error._tag).to.equal('DecodeError')
          expect(error.message).to.contain('users.0.id: expected NonEmptyString, got 7')
          expect(error.url).to.match(/\/users\?page=1/)
        },
      )
    })
  })

  it('never shows the token: messages, stacks, inspect and JSON of errors and the client', async () => {
    const token = 'tok_SECRET_never_shown_42'
    const renderings: string[] = []
    const other = await startRawServer((_req, res) => {
      res.writeHead(502, { 'Content-Type': 'text/html' })
      res.end('<title>Bad Gateway</title>')
    })
    try {
      await withSimulator(
        {
          users: 200,
          token,
          pageCap: 150,
          rewriteList: (body, url) =>
            url.searchParams.get('page') === '2' && url.searchParams.get('per_page') === '50'
              ? { ...body, pages: { ...(body['pages'] as object), next: `${other.url}/x` } }
              : body,
        },
        async (sim, client) => {
          const wrong = createClient({ token: `${token}-wrong`, baseUrl: sim.url })
          const failures = [
            await failureOf(listUsers(client, { perPage: 50 })),
            await failureOf(listUsers(wrong)),
            await failureOf(listUsers(client, { page: 300 })),
            await failureOf(listUsers(client, { page: 2, perPage: 60 })),
            await failureOf(listUsers(createClient({ token, baseUrl: other.url, retry: FAST_RETRY }))),
            await failureOf(listUsers(client, { perPage: 99 })),
          ]
          expect(failures.map((e) => e._tag)).to.deep.equal([
            'UnsafeNextUrl',
            'Unauthorized',
            'InvalidParams',
            'PageLimitReached',
            'HttpError',
            'InvalidParams',
          ])
          for (const e of failures) {
            renderings.push(
              e.message,
              e.stack ?? '',
              String(e),
              inspect(e, { depth: 10, showHidden: true }),
              JSON.stringify(e),
            )
          }
          renderings.push(inspect(client, { depth: 10, showHidden: true }), JSON.stringify(client))
        },
      )
    } finally {
      await other.close()
    }
    expect(renderings.join('\n')).to.contain('UnsafeNextUrl')
    for (const text of renderings) expect(text).not.to.contain(token)
  })
})
