import { expect } from 'chai'
import { count, lastValueFrom } from 'rxjs'
import { listUsers } from '../lib/index.js'
import { generateUsers, startSimulator } from '../lib/simulator/index.js'
import { defaultFetch } from '../lib/core/client.js'
import { nodeHttpFetch } from '../lib/transport/node-http.js'
import { NOW, withSimulator } from './support/simulator.js'

const get = async (url: string, authorization?: string) => {
  const response = await fetch(url, {
    headers: { 'Intercom-Version': '1.4', ...(authorization === undefined ? {} : { Authorization: authorization }) },
  })
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  }
}

describe('simulator', () => {
  it('seeds the same users for the same seed and clock, with realistic variety', () => {
    const a = generateUsers(2000, 3, NOW)
    expect(generateUsers(2000, 3, NOW)).to.deep.equal(a)
    expect(generateUsers(2000, 4, NOW)).not.to.deep.equal(a)
    expect(new Set(a.map((u) => u.id)).size).to.equal(2000)
    expect(new Set(a.map((u) => u.id.length)).size).to.be.greaterThan(1)
    const emails = a.map((u) => u['email']).filter((e) => e !== null)
    expect(emails.length - new Set(emails).size, 'users sharing an email').to.be.greaterThan(10)
    expect(a.some((u) => u['name'] === null)).to.equal(true)
    expect(a.some((u) => !('referrer' in u))).to.equal(true)
    expect(a.some((u) => u['email']?.toString().includes('+'))).to.equal(true)
  })

  it("answers Bearer and Basic auth, and 401 with Intercom's body otherwise", async () => {
    const sim = await startSimulator({ users: 5 })
    try {
      expect((await get(`${sim.url}/users`, `Bearer ${sim.token}`)).status).to.equal(200)
      const basic = Buffer.from(`${sim.token}:`).toString('base64')
      expect((await get(`${sim.url}/users`, `Basic ${basic}`)).status).to.equal(200)
      const denied = await get(`${sim.url}/users`, 'Bearer nope')
      expect(denied.status).to.equal(401)
      expect(denied.body).to.deep.include({ type: 'error.list' })
      expect(denied.body['errors']).to.deep.equal([
        { code: 'token_unauthorized', message: 'Not authorized to access resource' },
      ])
      expect((await get(`${sim.url}/users`)).status).to.equal(401)
    } finally {
      await sim.close()
    }
  })

  it('answers unknown paths with 404 and an error.list', async () => {
    const sim = await startSimulator({ users: 5 })
    try {
      const answer = await get(`${sim.url}/conversations/unknown`, `Bearer ${sim.token}`)
      expect(answer.status).to.equal(404)
      expect((answer.body['errors'] as Array<{ code: string }>)[0]?.code).to.equal('not_found')
    } finally {
      await sim.close()
    }
  })

  it('pages with absolute next URLs on its own origin, per_page 50 by default, and the cap', async () => {
    const sim = await startSimulator({ users: 120 })
    try {
      const auth = `Bearer ${sim.token}`
      const first = await get(`${sim.url}/users`, auth)
      expect(first.body['total_count']).to.equal(120)
      expect(first.body['pages']).to.deep.equal({
        type: 'pages',
        next: `${sim.url}/users?per_page=50&page=2`,
        page: 1,
        per_page: 50,
        total_pages: 3,
      })
      const last = await get(`${sim.url}/users?page=3`, auth)
      expect((last.body['pages'] as { next: unknown }).next).to.equal(null)
      expect(last.body['users']).to.have.length(20)
      expect((await get(`${sim.url}/users?page=200&per_page=50`, auth)).status).to.equal(200)
      const capped = await get(`${sim.url}/users?page=167&per_page=60`, auth)
      expect(capped.status).to.equal(400)
      expect((capped.body['errors'] as unknown[])[0]).to.deep.equal({
        code: 'bad_request',
        message: 'page limit reached, please use scroll API',
      })
      expect((await get(`${sim.url}/users?page=250&per_page=40`, auth)).status).to.equal(200)
      expect((await get(`${sim.url}/users?per_page=61`, auth)).status).to.equal(400)
    } finally {
      await sim.close()
    }
  })

  it('sends the X-RateLimit headers, counting down in a window', async () => {
    const sim = await startSimulator({ users: 1, rateLimit: { limit: 83, windowMs: 10_000 } })
    try {
      const a = await get(`${sim.url}/users`, `Bearer ${sim.token}`)
      const b = await get(`${sim.url}/users`, `Bearer ${sim.token}`)
      expect(a.headers.get('x-ratelimit-limit')).to.equal('83')
      expect(Number(a.headers.get('x-ratelimit-remaining')) - Number(b.headers.get('x-ratelimit-remaining'))).to.equal(
        1,
      )
      expect(Number(a.headers.get('x-ratelimit-reset'))).to.be.within(Date.now() / 1000, Date.now() / 1000 + 11)
    } finally {
      await sim.close()
    }
  })

  it('adds the configured latency', async () => {
    const sim = await startSimulator({ users: 1, latencyMs: 80 })
    try {
      const started = Date.now()
      await get(`${sim.url}/users`, `Bearer ${sim.token}`)
      expect(Date.now() - started).to.be.at.least(75)
    } finally {
      await sim.close()
    }
  })

  it("keeps connections open between requests, long enough for the clients' keep-alive to reuse them", async () => {
    for (const fetch of [defaultFetch, nodeHttpFetch]) {
      await withSimulator(
        { users: 1_000, now: NOW },
        async (sim, client) => {
          const users = await lastValueFrom(listUsers(client, { perPage: 50 }).pipe(count()))
          expect(users).to.equal(1_000)
          expect(sim.requests).to.have.length(20)
          // One connection for 20 requests in a row (at most one more, should a socket be freed a tick late).
          expect(sim.connectionsOpened()).to.be.within(1, 2)
        },
        { fetch },
      )
    }
  })

  it("enforces Intercom's default limit, 1,666 requests a 10 s window, unless told otherwise", async () => {
    const sim = await startSimulator({ users: 1 })
    try {
      const a = await get(`${sim.url}/users`, `Bearer ${sim.token}`)
      expect(a.headers.get('x-ratelimit-limit')).to.equal('1666')
    } finally {
      await sim.close()
    }
  })

  it('seeds users like a real workspace: companies, segments, tags, social profiles, owners, times in the past', () => {
    const users = generateUsers(2000, 1, NOW)
    const share = (test: (u: Record<string, unknown>) => boolean): number => users.filter(test).length / users.length
    const list = (u: Record<string, unknown>, key: string, inner: string): unknown[] =>
      (u[key] as Record<string, unknown[]> | undefined)?.[inner] ?? []
    expect(share((u) => list(u, 'companies', 'companies').length > 0)).to.be.within(0.2, 0.5)
    expect(share((u) => list(u, 'segments', 'segments').length > 0)).to.be.within(0.25, 0.55)
    expect(share((u) => list(u, 'tags', 'tags').length > 0)).to.be.within(0.15, 0.45)
    const profiles = users.flatMap((u) => list(u, 'social_profiles', 'social_profiles') as Array<{ id: unknown }>)
    expect(profiles.length).to.be.above(300)
    expect(profiles.some((p) => p.id === null)).to.equal(true)
    expect(share((u) => u['owner_id'] !== null)).to.be.within(0.2, 0.4)
    expect(users.filter((u) => u['anonymous'] === true).every((u) => typeof u['pseudonym'] === 'string')).to.equal(true)
    for (const field of ['created_at', 'signed_up_at', 'updated_at', 'last_request_at'])
      expect(
        users.every((u) => u[field] === null || (u[field] as number) <= NOW),
        field,
      ).to.equal(true)
    // updated_at is spread over the past, not set to now for many.
    expect(share((u) => u['updated_at'] === NOW)).to.be.below(0.01)
  })

  it('answers user_id with that one user, and refuses a parameter List Users does not know', async () => {
    const sim = await startSimulator({ users: 20, now: NOW })
    try {
      const withId = sim.users.find((u) => typeof u['user_id'] === 'string')
      const one = await get(`${sim.url}/users?user_id=${String(withId?.['user_id'])}`, `Bearer ${sim.token}`)
      expect(one.status).to.equal(200)
      expect(one.body['type']).to.equal('user')
      expect(one.body['id']).to.equal(withId?.id)
      expect((await get(`${sim.url}/users?user_id=nobody`, `Bearer ${sim.token}`)).status).to.equal(404)
      const unknown = await get(`${sim.url}/users?segment_id=5`, `Bearer ${sim.token}`)
      expect(unknown.status).to.equal(400)
      expect(JSON.stringify(unknown.body)).to.contain('segment_id is not a parameter of List Users')
    } finally {
      await sim.close()
    }
  })
})
