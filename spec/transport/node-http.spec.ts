import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib'
import { expect } from 'chai'
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs'
import { createClient, listUsers, searchContacts, where } from '../../lib/index.js'
import { nodeHttpFetch } from '../../lib/transport/node-http.js'
import { send } from '../../lib/transport/send.js'
import { failureOf } from '../support/failure.js'
import { usersPageOne } from '../support/requests.js'
import { someUsers, userListBody } from '../support/pages.js'
import { rawServers, startRawServer } from '../support/raw-server.js'
import { NOW, withSimulator } from '../support/simulator.js'

const TOKEN = 'tok_node_http_SECRET'
const ONCE = { maxAttempts: 1 }

describe("nodeHttpFetch (the command line's transport, over loopback HTTP)", () => {
  const rawServer = rawServers()

  it('lists users and searches contacts (a POST with its JSON body) like the runtime fetch', async () => {
    await withSimulator(
      { users: 500, contacts: 200, now: NOW },
      async (sim, client) => {
        const users = await lastValueFrom(listUsers(client, { perPage: 50 }, { concurrency: 'auto' }).pipe(toArray()))
        expect(users.map((u) => u.id)).to.have.members(sim.users.map((u) => u.id))
        const leads = await lastValueFrom(searchContacts(client, where('role', '=', 'lead')).pipe(toArray()))
        expect(leads.map((c) => c.id)).to.have.members(sim.contacts.filter((c) => c.role === 'lead').map((c) => c.id))
        const search = sim.requests.find((r) => r.method === 'POST')
        expect(search?.body).to.deep.include({ query: { field: 'role', operator: '=', value: 'lead' } })
        expect(search?.authorization).to.equal(`Bearer ${sim.token}`)
      },
      { fetch: nodeHttpFetch },
    )
  })

  it('keeps connections alive: 30 pages one after the other over one connection', async () => {
    let connections = 0
    const server: Server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end('{"ok":true}')
    })
    server.on('connection', () => (connections += 1))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    try {
      const client = createClient({ token: TOKEN, retry: ONCE, baseUrl: url, fetch: nodeHttpFetch })
      for (let i = 0; i < 30; i++) await firstValueFrom(send(client, usersPageOne(url)))
      expect(connections).to.equal(1)
    } finally {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  })

  it('asks for compressed answers and decodes gzip, deflate and br; a body that inflates past the cap is BodyTooLarge', async () => {
    const list = Buffer.from(userListBody(someUsers(3), 1, 50, 1, null))
    const compress = { gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync, identity: (b: Buffer) => b }
    for (const [encoding, zip] of Object.entries(compress)) {
      let asked: string | undefined
      const server = await rawServer((req, res) => {
        asked = req.headers['accept-encoding']
        const wire = zip(list)
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': encoding })
        res.end(wire)
      })
      const client = createClient({ token: TOKEN, retry: ONCE, baseUrl: server.url, fetch: nodeHttpFetch })
      const users = await lastValueFrom(listUsers(client).pipe(toArray()))
      expect(
        users.map((u) => u.id),
        encoding,
      ).to.deep.equal(someUsers(3).map((u) => u.id))
      expect(asked).to.equal('gzip, deflate, br')
    }
    // 64 MiB of spaces, 64 KB on the wire: reading stops at the cap.
    const bomb = gzipSync(Buffer.concat([Buffer.from('{"users":"'), Buffer.alloc(64 * 1024 * 1024, 0x20)]))
    const server = await rawServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' })
      res.end(bomb)
    })
    const capped = createClient({
      token: TOKEN,
      retry: ONCE,
      baseUrl: server.url,
      fetch: nodeHttpFetch,
      maxBodyBytes: 1024 * 1024,
    })
    expect((await failureOf(firstValueFrom(send(capped, usersPageOne(server.url)))))._tag).to.equal('BodyTooLarge')
    // A body that is not the encoding it claims fails as a network error (retried), never as text.
    const liar = await rawServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' })
      res.end(list)
    })
    const lied = createClient({ token: TOKEN, retry: ONCE, baseUrl: liar.url, fetch: nodeHttpFetch })
    expect((await failureOf(firstValueFrom(send(lied, usersPageOne(liar.url)))))._tag).to.equal('NetworkError')
  })

  it('fails a body cut short by a closed connection at once, not after the timeout', async () => {
    const server = await rawServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' })
      res.write('{"type":"user.list"')
      setTimeout(() => res.socket?.destroy(), 20)
    })
    const client = createClient({
      token: TOKEN,
      retry: ONCE,
      baseUrl: server.url,
      fetch: nodeHttpFetch,
      timeoutMs: 20_000,
    })
    const started = Date.now()
    const error = await failureOf(firstValueFrom(send(client, usersPageOne(server.url))))
    expect(error._tag).to.equal('NetworkError')
    expect(Date.now() - started).to.be.lessThan(10_000)
  })

  it('times out a stalled answer, refuses a redirect, a refused connection and a body over the cap', async () => {
    const stalled = await rawServer(() => undefined)
    const slow = createClient({ token: TOKEN, retry: ONCE, baseUrl: stalled.url, fetch: nodeHttpFetch, timeoutMs: 100 })
    expect((await failureOf(firstValueFrom(send(slow, usersPageOne(stalled.url)))))._tag).to.equal('Timeout')

    const elsewhere = await rawServer((_req, res) => res.end('{}'))
    const moving = await rawServer((_req, res) => {
      res.writeHead(302, { Location: `${elsewhere.url}/users` })
      res.end()
    })
    const redirected = createClient({ token: TOKEN, retry: ONCE, baseUrl: moving.url, fetch: nodeHttpFetch })
    const moved = await failureOf(firstValueFrom(send(redirected, usersPageOne(moving.url))))
    expect(moved._tag).to.equal('HttpError')
    expect(elsewhere.requests).to.have.length(0)

    const closed = await startRawServer(() => undefined)
    await closed.close()
    const refused = createClient({ token: TOKEN, retry: ONCE, baseUrl: closed.url, fetch: nodeHttpFetch })
    const network = await failureOf(firstValueFrom(send(refused, usersPageOne(closed.url))))
    expect(network._tag).to.equal('NetworkError')
    expect(network.message).to.contain('ECONNREFUSED')

    const endless = await rawServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      const chunk = 'x'.repeat(64 * 1024)
      for (let i = 0; i < 64; i++) res.write(chunk)
      res.end()
    })
    const capped = createClient({
      token: TOKEN,
      retry: ONCE,
      baseUrl: endless.url,
      fetch: nodeHttpFetch,
      maxBodyBytes: 100_000,
    })
    expect((await failureOf(firstValueFrom(send(capped, usersPageOne(endless.url)))))._tag).to.equal('BodyTooLarge')
  })

  it('aborts the request in flight when the subscriber unsubscribes (the server sees the close)', async () => {
    await withSimulator(
      { users: 3, latencyMs: 5_000 },
      async (sim, client) => {
        const subscription = send(client, usersPageOne(sim.url)).subscribe()
        while (sim.requests.length === 0) await new Promise((r) => setTimeout(r, 5))
        subscription.unsubscribe()
        const deadline = Date.now() + 2_000
        while (sim.abortedRequests() === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5))
        expect(sim.abortedRequests()).to.equal(1)
      },
      { fetch: nodeHttpFetch },
    )
  })
})
