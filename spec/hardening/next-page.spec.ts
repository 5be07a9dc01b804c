import { expect } from 'chai'
import { lastValueFrom, toArray } from 'rxjs'
import { listUsers, scrollUsers } from '../../lib/index.js'
import { failureOf } from '../support/failure.js'
import { someUsers } from '../support/pages.js'
import { rawServers } from '../support/raw-server.js'
import { NOW, withSimulator } from '../support/simulator.js'
import { createClient } from '../../lib/index.js'

type Rewrite = (body: Record<string, unknown>, url: URL) => unknown

/** Rewrites `pages` of every answer. */
const pagesOf =
  (change: (pages: Record<string, unknown>, url: URL) => Record<string, unknown>): Rewrite =>
  (body, url) => ({ ...body, pages: change(body['pages'] as Record<string, unknown>, url) })

const pageParam = (url: URL): number => Number(url.searchParams.get('page') ?? '1')

const hostile: ReadonlyArray<readonly [string, Rewrite, string, string]> = [
  [
    'always says page 1, with a next of page=2&nonce=N',
    pagesOf((pages, url) => ({
      ...pages,
      page: 1,
      next: `${url.origin}/users?page=2&per_page=20&nonce=${pageParam(url)}`,
    })),
    'PaginationLoop',
    'the server answered page 1',
  ],
  [
    'skips a page (next is page+2)',
    pagesOf((pages, url) =>
      pageParam(url) === 3 ? { ...pages, next: `${url.origin}/users?page=5&per_page=20` } : pages,
    ),
    'UnsafeNextUrl',
    'page 5 after page 3',
  ],
  [
    'changes per_page',
    pagesOf((pages, url) =>
      pageParam(url) === 2 ? { ...pages, next: `${url.origin}/users?page=3&per_page=10` } : pages,
    ),
    'UnsafeNextUrl',
    'per_page 10 in a listing at per_page 20',
  ],
  [
    'adds an email filter',
    pagesOf((pages, url) =>
      pageParam(url) === 2 ? { ...pages, next: `${url.origin}/users?page=3&per_page=20&email=x%40y.io` } : pages,
    ),
    'UnsafeNextUrl',
    'email=x@y.io in a listing without email',
  ],
  [
    'points back to page 1',
    pagesOf((pages, url) =>
      pageParam(url) === 4 ? { ...pages, next: `${url.origin}/users?page=1&per_page=20` } : pages,
    ),
    'PaginationLoop',
    'asks for page 1 again',
  ],
]

describe('loop guards on pages.next', () => {
  for (const [what, rewriteList, tag, says] of hostile) {
    for (const concurrency of [1, 4]) {
      it(`a server that ${what}: ${tag} at concurrency ${concurrency}, after a bounded number of requests`, async () => {
        await withSimulator({ users: 200, now: NOW, rewriteList }, async (sim, client) => {
          const error = await failureOf(listUsers(client, { perPage: 20 }, { concurrency }))
          expect(error._tag).to.equal(tag)
          expect(error.message).to.contain(says)
          expect(sim.requests.length).to.be.at.most(10)
        })
      })
    }
  }

  it('a next with only page and per_page, or with parameters of no meaning, is the following page of the query', async () => {
    const rewriteList = pagesOf((pages, url) =>
      pages['next'] === null
        ? pages
        : { ...pages, next: `${url.origin}/users?page=${pageParam(url) + 1}&cache=${pageParam(url)}` },
    )
    await withSimulator({ users: 95, now: NOW, rewriteList }, async (sim, client) => {
      const users = await lastValueFrom(listUsers(client, { perPage: 20, order: 'asc' }).pipe(toArray()))
      expect(users).to.have.length(95)
      // Every request is the client's own: the query's parameters, none of the server's extras.
      for (const r of sim.requests) {
        const url = new URL(r.url)
        expect(url.searchParams.get('order')).to.equal('asc')
        expect(url.searchParams.has('cache')).to.equal(false)
      }
    })
  })

  describe('a scroll that keeps returning users already emitted', () => {
    const rawServer = rawServers()

    it('ends with PaginationLoop after a bounded number of requests', async () => {
      const server = await rawServer((_req, res) => {
        res.setHeader('Content-Type', 'application/json')
        res.end(JSON.stringify({ type: 'user.list', users: someUsers(100), scroll_param: 'same' }))
      })
      const client = createClient({ token: 'tok', baseUrl: server.url })
      const error = await failureOf(scrollUsers(client))
      expect(error._tag).to.equal('PaginationLoop')
      expect(error.message).to.contain('keeps returning users already emitted')
      expect(server.requests.length).to.be.at.most(15)
    })

    it('ends with PaginationLoop when each page brings one new user among repeats, past what the workspace holds', async () => {
      let n = 0
      const server = await rawServer((req, res) => {
        res.setHeader('Content-Type', 'application/json')
        if (req.url?.startsWith('/users?')) {
          res.end(
            JSON.stringify({
              type: 'user.list',
              total_count: 150,
              users: [],
              pages: { type: 'pages', page: 1, per_page: 1, total_pages: 150, next: null },
            }),
          )
          return
        }
        n += 1
        res.end(
          JSON.stringify({
            type: 'user.list',
            users: [...someUsers(99), ...someUsers(1, 1000 + n)],
            scroll_param: 'same',
          }),
        )
      })
      const client = createClient({ token: 'tok', baseUrl: server.url })
      const error = await failureOf(scrollUsers(client))
      expect(error._tag).to.equal('PaginationLoop')
      expect(server.requests.length).to.be.at.most(200)
    })
  })
})
