import { createServer } from 'node:net'
import { expect } from 'chai'
import { lastValueFrom, toArray } from 'rxjs'
import { createClient, listUsers, type RetryNotice } from '../../lib/index.js'
import { cli } from '../support/cli.js'
import { failureOf } from '../support/failure.js'
import { rawServers } from '../support/raw-server.js'

/** A loopback port with nothing listening on it: every connection is refused. */
const deadPort = async (): Promise<number> => {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

const usersPage = JSON.stringify({
  type: 'user.list',
  users: [{ type: 'user', id: 'u1' }],
  total_count: 1,
  pages: { type: 'pages', page: 1, per_page: 50, total_pages: 1, next: null },
})

describe('retries say what they do', () => {
  const raw = rawServers()

  it('the client tells retries$ each retry: the request, the failure, the attempt of how many and the wait', async () => {
    let answered = 0
    const server = await raw((_req, res) => {
      answered += 1
      if (answered <= 2) {
        res.writeHead(503, { 'content-type': 'text/html' })
        res.end('<html>down</html>')
        return
      }
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(usersPage)
    })
    const client = createClient({
      token: 'secret-token',
      baseUrl: server.url,
      retry: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 20 },
    })
    const notices: RetryNotice[] = []
    client.retries$.subscribe((n) => notices.push(n))
    const users = await lastValueFrom(listUsers(client).pipe(toArray()))
    expect(users.map((u) => u.id)).to.deep.equal(['u1'])
    expect(notices.map((n) => [n.method, n.attempt, n.maxAttempts, n.tag, n.status])).to.deep.equal([
      ['GET', 1, 4, 'HttpError', 503],
      ['GET', 2, 4, 'HttpError', 503],
    ])
    for (const n of notices) {
      expect(n.url).to.match(new RegExp(`^${server.url}/users\\?`))
      expect(n.waitMs).to.be.within(0, 20)
      expect(JSON.stringify(n)).not.to.contain('secret-token')
    }
  })

  it('the final error says how many tries were made', async () => {
    const client = createClient({
      token: 't',
      baseUrl: `http://127.0.0.1:${await deadPort()}`,
      retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 10 },
    })
    const notices: RetryNotice[] = []
    client.retries$.subscribe((n) => notices.push(n))
    const error = await failureOf(listUsers(client))
    expect(error._tag).to.equal('NetworkError')
    expect(error.attempts).to.equal(3)
    expect(error.message).to.contain('(gave up after 3 attempts)')
    expect(notices.map((n) => n.attempt)).to.deep.equal([1, 2])
  })

  it('the CLI says each retry on stderr, with its reason and wait, and how many tries it made', async function () {
    this.timeout(30_000)
    const run = await cli(['--base-url', `http://127.0.0.1:${await deadPort()}`, '--max-retries', '2'], {
      INTERCOM_ACCESS_TOKEN: 'secret-token',
    })
    expect(run.code).to.equal(4)
    const lines = run.stderr.trim().split('\n')
    expect(lines).to.have.length(3)
    expect(lines[0]).to.match(
      /^intercom-users: GET http:\/\/127\.0\.0\.1:\d+\/users\?\S+ failed \(NetworkError\); trying again in \d+\.\d s \(attempt 2 of 3\)$/,
    )
    expect(lines[1]).to.match(/trying again in \d+\.\d s \(attempt 3 of 3\)$/)
    expect(lines[2]).to.match(/^intercom-users: NetworkError: .*\(gave up after 3 attempts\)$/)
    expect(run.stderr).not.to.contain('secret-token')
  })
})
