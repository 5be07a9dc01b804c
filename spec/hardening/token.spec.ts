import { writeFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import { createClient, listUsers } from '../../lib/index.js'
import { cli } from '../support/cli.js'
import { failureOf } from '../support/failure.js'
import { rawServers } from '../support/raw-server.js'
import { FAST_RETRY } from '../support/simulator.js'

const SECRET = 'tok_SECRET_4f9a'

describe('the token is never in a message', () => {
  const rawServer = rawServers()

  for (const [what, token] of [
    ['a line feed (a two-line token file)', `${SECRET}\nsecond_line`],
    ['a NUL', `${SECRET}\u0000x`],
    ['a character above U+00FF', `${SECRET}\u20ac`],
    ['a carriage return', `${SECRET}\r`],
  ] as const) {
    it(`createClient refuses a token with ${what} as InvalidParams, without quoting it and before any request`, async () => {
      const server = await rawServer((_req, res) => res.end('{}'))
      let thrown: unknown
      try {
        createClient({ token, baseUrl: server.url })
      } catch (e) {
        thrown = e
      }
      expect(thrown).to.have.property('_tag', 'InvalidParams')
      const message = (thrown as Error).message
      expect(message).to.contain('no HTTP header may carry')
      expect(message).not.to.contain(SECRET)
      expect(server.requests).to.have.length(0)
    })
  }

  it('the CLI exits 2 on a two-line token file, naming neither line, with no request sent', async () => {
    const server = await rawServer((_req, res) => res.end('{}'))
    const dir = mkdtempSync(join(tmpdir(), 'intercom-rx-token-'))
    const file = join(dir, 'token')
    writeFileSync(file, `${SECRET}\nsecond_line\n`)
    const run = await cli(['--base-url', server.url, '--token-file', file, '--no-progress'])
    expect(run.code).to.equal(2)
    expect(run.stderr).to.contain('InvalidParams')
    expect(run.stderr).to.contain('a line feed at position 16')
    expect(run.stderr).not.to.contain(SECRET)
    expect(run.stderr).not.to.contain('second_line')
    expect(server.requests).to.have.length(0)
  })

  it('an error body or an HTML page that echoes the Authorization header has the token redacted', async () => {
    let n = 0
    const server = await rawServer((req, res) => {
      n += 1
      const echoed = String(req.headers.authorization)
      if (n === 1) {
        res.statusCode = 400
        res.setHeader('Content-Type', 'application/json')
        res.end(
          JSON.stringify({ type: 'error.list', errors: [{ code: 'bad_request', message: `bad header ${echoed}` }] }),
        )
      } else {
        res.statusCode = 502
        res.setHeader('Content-Type', 'text/html')
        res.end(`<html><head><title>502 for ${echoed}</title></head><body>${echoed}</body></html>`)
      }
    })
    const client = createClient({ token: SECRET, baseUrl: server.url, retry: { ...FAST_RETRY, maxAttempts: 1 } })
    const fromJson = await failureOf(listUsers(client))
    expect(fromJson.message).to.contain('bad header Bearer [redacted]')
    expect(fromJson.message).not.to.contain(SECRET)
    const fromHtml = await failureOf(listUsers(client))
    expect(fromHtml.message).to.contain('502 for Bearer [redacted]')
    expect(fromHtml.message).not.to.contain(SECRET)
    expect(JSON.stringify(fromHtml)).not.to.contain(SECRET)
  })
})
