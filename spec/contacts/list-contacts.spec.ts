import { expect } from 'chai'
import { lastValueFrom, take, toArray, type Observable } from 'rxjs'
import { allContacts, createClient, listContacts, type Contact, type WithUnknownFields } from '../../lib/index.js'
import { listContactPages } from '../../lib/pages.js'
import { compareContacts } from '../../lib/simulator/index.js'
import { failureOf } from '../support/failure.js'
import { rawServers } from '../support/raw-server.js'
import { NOW, withSimulator } from '../support/simulator.js'

const ids = (contacts: ReadonlyArray<{ id: string }>): string[] => contacts.map((c) => c.id)
const all = <A>(source: Observable<A>): Promise<A[]> => lastValueFrom(source.pipe(toArray()))

/** A 2.x page of contacts for a raw server. */
const page = (data: ReadonlyArray<Record<string, unknown>>, next: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    type: 'list',
    data,
    total_count: data.length,
    pages: { type: 'pages', page: 1, per_page: 50, total_pages: 1, ...(next === undefined ? {} : { next }) },
    ...extra,
  })
const contact = (id: string, extra: Record<string, unknown> = {}) => ({ type: 'contact', id, role: 'user', ...extra })

describe('listContacts (GET /contacts, API 2.x)', () => {
  const raw = rawServers()

  it('walks 5,000 contacts at per_page 150: each once, in the walk order, ⌈5000/150⌉ requests on 2.14', async () => {
    await withSimulator({ users: 0, contacts: 5_000, now: NOW }, async (sim, client) => {
      const contacts = await all(listContacts(client, { perPage: 150 }))
      expect(ids(contacts)).to.deep.equal(ids([...sim.contacts].sort(compareContacts)))
      expect(new Set(ids(contacts)).size).to.equal(5_000)
      expect(sim.requests).to.have.length(Math.ceil(5_000 / 150))
      for (const r of sim.requests) {
        expect(r.apiVersion).to.equal('2.14')
        expect(new URL(r.url).searchParams.get('per_page')).to.equal('150')
      }
    })
  })

  it('pages carry progress: page, totalPages, totalCount, contactsSoFar and the cursor to resume from', async () => {
    await withSimulator({ users: 0, contacts: 120, now: NOW }, async (sim, client) => {
      const pages = await all(listContactPages(client, { perPage: 50 }))
      expect(pages.map((p) => [p.page, p.totalPages, p.totalCount, p.contactsSoFar])).to.deep.equal([
        [1, 3, 120, 50],
        [2, 3, 120, 100],
        [3, 3, 120, 120],
      ])
      expect(pages[2]?.startingAfter).to.equal(null)
      // Resuming from page 1's cursor gives exactly the contacts after it.
      const resumed = await all(listContacts(client, { perPage: 50, startingAfter: pages[0]?.startingAfter ?? '' }))
      expect(ids(resumed)).to.deep.equal(ids(pages.slice(1).flatMap((p) => p.contacts)))
      expect(sim.requests.length).to.equal(5)
    })
  })

  it('a walk while contacts are created and deleted emits every contact that existed throughout exactly once', async () => {
    await withSimulator({ users: 0, contacts: 2_000, now: NOW }, async (sim, client) => {
      const before = new Set(ids(sim.contacts))
      const deleted = new Set<string>()
      const seen: string[] = []
      let round = 0
      for await (const p of listContactPages(client, { perPage: 100 })) {
        seen.push(...ids(p.contacts))
        round += 1
        // Between two pages: 7 new contacts, and 5 deleted, some already read, some not.
        sim.createContacts(7)
        const victims = [...before]
          .filter((id) => !deleted.has(id))
          .filter((_, i) => i % 97 === round % 97)
          .slice(0, 5)
        sim.deleteContacts(victims)
        for (const v of victims) deleted.add(v)
      }
      expect(new Set(seen).size).to.equal(seen.length)
      const throughout = [...before].filter((id) => !deleted.has(id))
      const got = new Set(seen)
      expect(throughout.filter((id) => !got.has(id))).to.deep.equal([])
    })
  })

  for (const [n, requests] of [
    [1, 1],
    [150, 1],
    [151, 2],
    [301, 3],
  ] as const) {
    it(`take(${n}) at per_page 150 sends ${requests} request(s)`, async () => {
      await withSimulator({ users: 0, contacts: 1_000, now: NOW }, async (sim, client) => {
        expect(await all(listContacts(client, { perPage: 150 }).pipe(take(n)))).to.have.length(n)
        await new Promise((r) => setTimeout(r, 30))
        expect(sim.requests).to.have.length(requests)
      })
    })
  }

  it('is pulled by for await (one page read ahead) and unsubscribing aborts the request in flight', async () => {
    await withSimulator({ users: 0, contacts: 1_000, now: NOW }, async (sim, client) => {
      let seen = 0
      for await (const _contact of listContacts(client, { perPage: 50 })) {
        if (++seen === 60) {
          // Mid page 2: page 3 is read ahead, nothing more, however long the loop works.
          await new Promise((r) => setTimeout(r, 200))
          expect(sim.requests).to.have.length(3)
          break
        }
      }
    })
    await withSimulator({ users: 0, contacts: 1_000, now: NOW, latencyMs: 300 }, async (sim, client) => {
      const subscription = listContacts(client).subscribe()
      while (sim.requests.length === 0) await new Promise((r) => setTimeout(r, 5))
      subscription.unsubscribe()
      const deadline = Date.now() + 2_000
      while (sim.abortedRequests() === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5))
      expect(sim.abortedRequests()).to.equal(1)
      expect(sim.requests).to.have.length(1)
    })
  })

  it('allContacts gives every contact once, and only one role when asked', async () => {
    await withSimulator({ users: 0, contacts: 700, now: NOW }, async (sim, client) => {
      const everyone = await all(allContacts(client))
      expect(new Set(ids(everyone)).size).to.equal(700)
      const leads = await all(allContacts(client, { role: 'lead' }))
      expect(ids(leads).sort()).to.deep.equal(ids(sim.contacts.filter((c) => c.role === 'lead')).sort())
      expect(sim.requests.every((r) => new URL(r.url).searchParams.get('per_page') === '150')).to.equal(true)
    })
  })

  it('a cursor the server did not give is InvalidCursor (HTTP 400 client_error)', async () => {
    await withSimulator({ users: 0, contacts: 10, now: NOW }, async (sim, client) => {
      const error = await failureOf(listContacts(client, { startingAfter: 'not-a-cursor' }))
      expect(error._tag).to.equal('InvalidCursor')
      expect(error.status).to.equal(400)
      expect(error.code).to.equal('client_error')
      expect(sim.requests).to.have.length(1)
    })
  })

  it('a 1.x contactsApiVersion is refused by createClient: on 1.x /contacts would list leads alone', () => {
    expect(() => createClient({ token: 't', contactsApiVersion: '1.4' })).to.throw(
      /contactsApiVersion must be a 2\.x version/,
    )
    expect(createClient({ token: 't', contactsApiVersion: '2.11' }).contactsApiVersion).to.equal('2.11')
  })

  it('an app on 1.x serves leads at /contacts (why the version is always sent), and the library still gets every contact', async () => {
    await withSimulator({ users: 0, contacts: 300, now: NOW, defaultApiVersion: '1.4' }, async (sim, client) => {
      expect(await all(listContacts(client, { perPage: 150 }))).to.have.length(300)
      const leads = await fetch(`${sim.url}/contacts`, { headers: { Authorization: `Bearer ${sim.token}` } })
      const body = (await leads.json()) as { type: string; total_count: number }
      expect(body.type).to.equal('contact.list')
      expect(body.total_count).to.equal(sim.contacts.filter((c) => c.role === 'lead').length)
    })
  })

  it('refuses params before any request: perPage 151, an unknown key, an empty cursor', async () => {
    await withSimulator({ users: 0, contacts: 10, now: NOW }, async (sim, client) => {
      for (const [params, pattern] of [
        [{ perPage: 151 }, /perPage must be an integer from 1 to 150, got 151/],
        [{ per_page: 10 }, /unknown parameter 'per_page' \(did you mean 'perPage'\?\)/],
        [{ startingAfter: '' }, /startingAfter must be a non-empty string/],
      ] as const) {
        const error = await failureOf(listContacts(client, params as never))
        expect(error._tag).to.equal('InvalidParams')
        expect(error.message).to.match(pattern)
      }
      expect(sim.requests).to.have.length(0)
    })
  })

  it('ends on a missing, null or empty cursor even when data is not empty, and URL-encodes the cursor', async () => {
    const cursor = 'WzE3NDcz+/MiXQ=='
    for (const last of [undefined, null, { page: 2, starting_after: '' }]) {
      const server = await raw((req, res) => {
        const after = new URL(req.url ?? '/', 'http://x').searchParams.get('starting_after')
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(
          after === null ? page([contact('a1')], { page: 2, starting_after: cursor }) : page([contact('b2')], last),
        )
      })
      const client = createClient({ token: 't', baseUrl: server.url })
      expect(ids(await all(listContacts(client)))).to.deep.equal(['a1', 'b2'])
      expect(server.requests).to.have.length(2)
      expect(server.requests[1]?.url).to.contain(`starting_after=${encodeURIComponent(cursor)}`)
      expect(server.requests[1]?.url).to.contain('per_page=150') // the default: the most the API allows
    }
  })

  it('accepts pages: null and a next without a cursor ({}) as the last page, as the 2.14 description allows', async () => {
    for (const last of [
      { pages: null },
      { pages: { type: 'pages', page: 2, per_page: 50, total_pages: 2, next: {} } },
    ]) {
      const server = await raw((req, res) => {
        const after = new URL(req.url ?? '/', 'http://x').searchParams.get('starting_after')
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(after === null ? page([contact('a1')], { starting_after: 'c1' }) : page([contact('b2')], null, last))
      })
      const client = createClient({ token: 't', baseUrl: server.url })
      expect(ids(await all(listContacts(client))), JSON.stringify(last)).to.deep.equal(['a1', 'b2'])
      expect(server.requests).to.have.length(2)
    }
  })

  it('a cursor that never ends stops at total_pages plus slack with PaginationLoop naming the URL', async () => {
    let served = 0
    const server = await raw((_req, res) => {
      served += 1
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(
        JSON.stringify({
          type: 'list',
          data: [contact(`c${served}`)],
          total_count: 5,
          pages: { type: 'pages', page: served, per_page: 1, total_pages: 5, next: { starting_after: `k${served}` } },
        }),
      )
    })
    const error = await failureOf(listContacts(createClient({ token: 't', baseUrl: server.url })))
    expect(error._tag).to.equal('PaginationLoop')
    expect(error.message).to.contain('the server counts 5 pages')
    expect(error.url).to.contain(server.url)
    // 5 pages and 2 of slack (records created during a walk), then no more.
    expect(server.requests).to.have.length(7)
  })

  it('the same cursor twice is PaginationLoop', async () => {
    const server = await raw((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(page([contact('a1')], { page: 2, starting_after: 'same' }))
    })
    const error = await failureOf(listContacts(createClient({ token: 't', baseUrl: server.url })))
    expect(error._tag).to.equal('PaginationLoop')
    expect(server.requests).to.have.length(2)
  })

  it('decodes contacts as sent: an avatar string or object, missing and null fields, unknown fields kept; role is required', async () => {
    const server = await raw((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      const odd = new URL(req.url ?? '/', 'http://x').searchParams.get('per_page') === '7'
      res.end(
        odd
          ? page([{ type: 'contact', id: 'c3' }], null)
          : page(
              [
                contact('c1', { avatar: 'https://example.com/a.png', email: null, x_new: 1 }),
                contact('c2', { avatar: { type: 'avatar', image_url: null }, owner_id: '12', created_at: 'yesterday' }),
              ],
              null,
            ),
      )
    })
    const client = createClient({ token: 't', baseUrl: server.url })
    const [p] = await all(listContactPages(client))
    const [c1, c2] = p?.contacts ?? []
    expect((c1 as WithUnknownFields<Contact> | undefined)?.['x_new']).to.equal(1)
    expect(c1?.avatar).to.equal('https://example.com/a.png')
    expect(c2?.created_at).to.equal(null)
    expect(p?.warnings.join('\n')).to.contain('data.1.created_at')
    const error = await failureOf(listContacts(client, { perPage: 7 }))
    expect(error._tag).to.equal('DecodeError')
    expect(error.message).to.contain('data.0.role')
  })

  it("2.x's bare 401 body is Unauthorized", async () => {
    await withSimulator({ users: 0, contacts: 10, now: NOW }, async (sim) => {
      const client = createClient({ token: 'wrong-token-value', baseUrl: sim.url })
      const error = await failureOf(listContacts(client))
      expect(error._tag).to.equal('Unauthorized')
      expect(error.code).to.equal('unauthorized')
      expect(error.message).to.contain('Access Token Invalid')
    })
  })
})
