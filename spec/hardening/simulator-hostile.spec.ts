import { request } from 'node:http'
import { expect } from 'chai'
import { startSimulator, type Simulator } from '../../lib/simulator/index.js'
import { NOW } from '../support/simulator.js'

interface Sent {
  readonly status: number
  readonly body: string
}

/**
 * POSTs to the simulator's search: `chunks` of `chunk` bytes (chunked, or with a Content-Length
 * of `declared`), resolving with the answer as soon as it comes, even if the body is not all sent.
 */
const post = (sim: Simulator, authorization: string, chunk: Buffer, chunks: number, declared?: number): Promise<Sent> =>
  new Promise((resolve, reject) => {
    const req = request(`${sim.url}/contacts/search`, {
      method: 'POST',
      headers: {
        Authorization: authorization,
        'Content-Type': 'application/json',
        'Intercom-Version': '2.14',
        ...(declared === undefined ? {} : { 'Content-Length': declared }),
      },
    })
    let answered = false
    req.on('response', (res) => {
      answered = true
      let body = ''
      res.on('data', (d: Buffer) => (body += d.toString()))
      res.on('end', () => {
        req.destroy()
        resolve({ status: res.statusCode ?? 0, body })
      })
    })
    req.on('error', (e) => (answered ? undefined : reject(e)))
    let sent = 0
    const more = (): void => {
      while (!answered && sent < chunks) {
        sent += 1
        if (!req.write(chunk)) return void req.once('drain', more)
      }
      if (!answered && declared === undefined) req.end()
    }
    more()
  })

const search = (sim: Simulator, query: unknown): Promise<Sent> =>
  post(sim, `Bearer ${sim.token}`, Buffer.from(JSON.stringify({ query })), 1)

describe('the simulator under hostile requests: alive and bounded after each', () => {
  let sim: Simulator
  beforeEach(async () => {
    sim = await startSimulator({ users: 0, contacts: 50, now: NOW })
  })
  afterEach(() => sim.close())

  const alive = async (): Promise<void> => {
    const ok = await search(sim, { field: 'role', operator: '=', value: 'user' })
    expect(ok.status).to.equal(200)
  }

  for (const value of [1e20, 'abc', -1e20]) {
    it(`a search with the date ${JSON.stringify(value)} is a 400 with Intercom's error list, and the simulator answers on`, async () => {
      const answer = await search(sim, { field: 'created_at', operator: '>', value })
      expect(answer.status).to.equal(400)
      expect(JSON.parse(answer.body)).to.deep.include({ type: 'error.list' })
      await alive()
    })
  }

  it('a 200 MB body without the token is answered 401 before it is read, and nothing is buffered', async () => {
    const before = process.memoryUsage().rss
    const answer = await post(sim, 'Bearer wrong', Buffer.alloc(1_048_576, 0x20), 200)
    expect(answer.status).to.equal(401)
    expect(process.memoryUsage().rss - before).to.be.below(64 * 1_048_576)
    await alive()
  })

  it('a body declared or sent over 256 KiB is answered 413 without being read whole', async () => {
    const declared = await post(sim, `Bearer ${sim.token}`, Buffer.alloc(1_024, 0x20), 1, 200 * 1_048_576)
    expect(declared.status).to.equal(413)
    const before = process.memoryUsage().rss
    for (let i = 0; i < 10; i++) {
      const chunked = await post(sim, `Bearer ${sim.token}`, Buffer.alloc(1_048_576, 0x20), 20)
      expect(chunked.status).to.equal(413)
    }
    expect(process.memoryUsage().rss - before).to.be.below(64 * 1_048_576)
    await alive()
  })

  it('refuses Bearer <token> with anything after it (401)', async () => {
    const answer = await post(sim, `Bearer ${sim.token} extra`, Buffer.from('{"query":{}}'), 1)
    expect(answer.status).to.equal(401)
    await alive()
  })
})
