import { expect } from 'chai'
import { firstValueFrom, lastValueFrom } from 'rxjs'
import { createClient, IntercomError, type FetchLike } from '../lib/index.js'
import { type FetchResponse } from '../lib/core/client.js'
import { send } from '../lib/transport/send.js'
import { listUsersRequest } from '../lib/users/requests.js'
import { rawServers, startRawServer } from './support/raw-server.js'
import { withSimulator } from './support/simulator.js'
import { failureOf } from './support/failure.js'
import { usersPageOne } from './support/requests.js'

const TOKEN = 'tok_transport_SECRET_123'
/** These specs map one answer to one error: no retries. */
const ONCE = { maxAttempts: 1 }

const stubResponse = (status: number, body: string, headers: Record<string, string> = {}): FetchResponse => ({
  status,
  headers: { get: (name: string) => headers[name.toLowerCase()] ?? null },
  text: () => Promise.resolve(body),
})

describe('transport', () => {
  describe('over loopback HTTP', () => {
    const rawServer = rawServers()

    it('sends Bearer auth, Accept and a User-Agent, and reads the rate-limit headers', async () => {
      await withSimulator({ users: 3 }, async (sim, client) => {
        const response = await firstValueFrom(send(client, usersPageOne(sim.url)))
        expect(response.status).to.equal(200)
        expect(response.rateLimit?.limit).to.equal(1_666)
        expect(response.rateLimit?.remaining).to.equal(1_665)
        const logged = sim.requests[0]
        expect(logged?.authorization).to.equal(`Bearer ${sim.token}`)
        expect(logged?.accept).to.equal('application/json')
        expect(logged?.userAgent).to.match(/^intercom-rx\/\d+\.\d+\.\d+$/)
      })
    })

    it("maps 401 to Unauthorized with Intercom's code, request id and rate-limit state", async () => {
      await withSimulator({ users: 3 }, async (sim) => {
        const client = createClient({ token: TOKEN, retry: ONCE, baseUrl: sim.url })
        const error = await failureOf(firstValueFrom(send(client, usersPageOne(sim.url))))
        expect(error._tag).to.equal('Unauthorized')
        expect(error.status).to.equal(401)
        expect(error.code).to.equal('token_unauthorized')
        expect(error.requestId).to.be.a('string')
        expect(error.rateLimit?.limit).to.equal(1_666)
        expect(error.message).to.contain('Not authorized to access resource')
        expect(error.message).not.to.contain(TOKEN)
      })
    })

    it('maps a 502 with an HTML body to HttpError with a readable message', async () => {
      const server = await rawServer((_req, res) => {
        res.writeHead(502, { 'Content-Type': 'text/html' })
        res.end('<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>')
      })
      const client = createClient({ token: TOKEN, retry: ONCE, baseUrl: server.url })
      const error = await failureOf(firstValueFrom(send(client, usersPageOne(server.url))))
      expect(error._tag).to.equal('HttpError')
      expect(error.status).to.equal(502)
      expect(error.message).to.contain('HTTP 502 with an HTML body ("502 Bad Gateway")')
      expect(error.message).to.contain('try again later')
    })

    it('maps an empty 503 body and a JSON server_error body', async () => {
      let n = 0
      const server = await rawServer((_req, res) => {
        n += 1
        if (n === 1) {
          res.writeHead(503)
          res.end()
        } else {
          res.writeHead(500, { 'Content-Type': 'application/json' })
          res.end(
            JSON.stringify({
              type: 'error.list',
              request_id: 'r1',
              errors: [{ code: 'server_error', message: 'Server Error' }],
            }),
          )
        }
      })
      const client = createClient({ token: TOKEN, retry: ONCE, baseUrl: server.url })
      const empty = await failureOf(firstValueFrom(send(client, usersPageOne(server.url))))
      expect(empty.message).to.contain('HTTP 503 with an empty body')
      const json = await failureOf(firstValueFrom(send(client, usersPageOne(server.url))))
      expect([json._tag, json.code, json.requestId]).to.deep.equal(['HttpError', 'server_error', 'r1'])
    })

    it('does not follow a redirect, so the token never reaches the other host', async () => {
      const elsewhere = await startRawServer((_req, res) => res.end('{}'))
      try {
        const server = await rawServer((_req, res) => {
          res.writeHead(302, { Location: `${elsewhere.url}/users` })
          res.end()
        })
        const client = createClient({ token: TOKEN, retry: ONCE, baseUrl: server.url })
        const error = await failureOf(firstValueFrom(send(client, usersPageOne(server.url))))
        expect(error._tag).to.equal('HttpError')
        expect(error.message).to.contain('redirect')
        expect(elsewhere.requests).to.have.length(0)
      } finally {
        await elsewhere.close()
      }
    })

    it('times out a stalled answer with Timeout', async () => {
      const server = await rawServer(() => undefined)
      const client = createClient({ token: TOKEN, retry: ONCE, baseUrl: server.url, timeoutMs: 100 })
      const error = await failureOf(firstValueFrom(send(client, usersPageOne(server.url))))
      expect(error._tag).to.equal('Timeout')
      expect(error.message).to.contain('within 100 ms')
    })

    it('maps a refused connection to NetworkError', async () => {
      const closed = await startRawServer(() => undefined)
      await closed.close()
      const client = createClient({ token: TOKEN, retry: ONCE, baseUrl: closed.url })
      const error = await failureOf(firstValueFrom(send(client, usersPageOne(closed.url))))
      expect(error._tag).to.equal('NetworkError')
      expect(error.message).to.contain('ECONNREFUSED')
    })

    it('refuses a body over the cap without reading it all', async () => {
      const server = await rawServer((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' })
        // No Content-Length: the cap must hold while streaming.
        const chunk = 'x'.repeat(64 * 1024)
        for (let i = 0; i < 64; i++) res.write(chunk)
        res.end()
      })
      const client = createClient({ token: TOKEN, retry: ONCE, baseUrl: server.url, maxBodyBytes: 100_000 })
      const error = await failureOf(firstValueFrom(send(client, usersPageOne(server.url))))
      expect(error._tag).to.equal('BodyTooLarge')
      expect(error.message).to.contain('larger than 100000 bytes')
    })

    it('maps malformed JSON to DecodeError', async () => {
      const server = await rawServer((_req, res) => res.end('{"type":"user.list","users":[{"id":'))
      const client = createClient({ token: TOKEN, retry: ONCE, baseUrl: server.url })
      const error = await failureOf(firstValueFrom(send(client, usersPageOne(server.url))))
      expect(error._tag).to.equal('DecodeError')
      expect(error.message).to.contain('not valid JSON')
    })

    it('aborts the request in flight when the subscriber unsubscribes (the server sees the close)', async () => {
      await withSimulator({ users: 3, latencyMs: 5_000 }, async (sim, client) => {
        const subscription = send(
          client,
          listUsersRequest(sim.url, { kind: 'all', page: 1, perPage: 50, order: 'desc', sort: 'created_at' }),
        ).subscribe()
        while (sim.requests.length === 0) await new Promise((r) => setTimeout(r, 5))
        subscription.unsubscribe()
        const deadline = Date.now() + 2_000
        while (sim.abortedRequests() === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5))
        expect(sim.abortedRequests()).to.equal(1)
      })
    })
  })

  describe('with an injected fetch', () => {
    it('sends nothing until subscribe (cold)', async () => {
      let calls = 0
      const fetch: FetchLike = () => {
        calls += 1
        return Promise.resolve(stubResponse(200, '{}'))
      }
      const client = createClient({ token: TOKEN, retry: ONCE, baseUrl: 'https://api.intercom.io', fetch })
      const response$ = send(client, usersPageOne('https://api.intercom.io'))
      expect(calls).to.equal(0)
      await lastValueFrom(response$)
      expect(calls).to.equal(1)
    })

    it('never attaches the token to a URL outside the base URL', async () => {
      const seen: Array<Record<string, string>> = []
      const fetch: FetchLike = (_url, init) => {
        seen.push(init.headers)
        return Promise.resolve(stubResponse(200, '{}'))
      }
      const client = createClient({ token: TOKEN, retry: ONCE, baseUrl: 'https://api.intercom.io', fetch })
      await lastValueFrom(send(client, usersPageOne('https://api.intercom.io')))
      await lastValueFrom(send(client, usersPageOne('https://evil.example')))
      expect(seen[0]?.['Authorization']).to.equal(`Bearer ${TOKEN}`)
      expect(seen[1]).not.to.have.property('Authorization')
    })

    it('treats incomplete rate-limit headers as absent', async () => {
      const fetch: FetchLike = () =>
        Promise.resolve(stubResponse(200, '{}', { 'x-ratelimit-limit': '83', 'x-ratelimit-remaining': 'many' }))
      const client = createClient({ token: TOKEN, retry: ONCE, baseUrl: 'https://api.intercom.io', fetch })
      const response = await lastValueFrom(send(client, usersPageOne('https://api.intercom.io')))
      expect(response.rateLimit).to.equal(undefined)
    })

    it('maps 429 to RateLimited with the reset time in the message', async () => {
      const body = JSON.stringify({
        type: 'error.list',
        request_id: 'r',
        errors: [{ code: 'rate_limit_exceeded', message: 'Exceeded rate limit of 83 in 10_seconds' }],
      })
      const fetch: FetchLike = () =>
        Promise.resolve(
          stubResponse(429, body, {
            'x-ratelimit-limit': '83',
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset': '1790000010',
          }),
        )
      const client = createClient({ token: TOKEN, retry: ONCE, baseUrl: 'https://api.intercom.io', fetch })
      const error = await failureOf(lastValueFrom(send(client, usersPageOne('https://api.intercom.io'))))
      expect(error._tag).to.equal('RateLimited')
      expect(error.rateLimit).to.deep.equal({ limit: 83, remaining: 0, reset: 1_790_000_010 })
      expect(error.message).to.contain('2026-09-21T14:13:30.000Z')
    })

    it('refuses bad client options with InvalidParams', () => {
      expect(() => createClient({ token: '' })).to.throw(IntercomError, /needs an access token/)
      expect(() => createClient({ token: 't', baseUrl: 'ftp://x' })).to.throw(
        IntercomError,
        /baseUrl must be an http\(s\) URL/,
      )
      expect(() => createClient({ token: 't', timeoutMs: 0 })).to.throw(IntercomError, /timeoutMs/)
    })
  })
})
