import { expect } from 'chai'
import { generateUsers, startSimulator } from '../lib/simulator/index.js'
import { NOW } from './support/simulator.js'

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
      const answer = await get(`${sim.url}/contacts`, `Bearer ${sim.token}`)
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
})
