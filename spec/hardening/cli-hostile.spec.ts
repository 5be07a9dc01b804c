import { expect } from 'chai'
import { cli } from '../support/cli.js'
import { someUsers, userListBody } from '../support/pages.js'
import { rawServers } from '../support/raw-server.js'

const TOKEN = 'tok_cli_hostile'

/** `{"a":{"a":...{"a":1}...}}`, `levels` deep, as text (building it as a value would be as deep). */
const deepJson = (levels: number): string => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`

describe('the CLI against big and strange answers', () => {
  const rawServer = rawServers()

  for (const format of ['ndjson', 'json', 'csv'] as const) {
    it(`a user with custom_attributes 20,000 levels deep (${format}): the page's other users are written, the cut is said, exit 6`, async () => {
      const server = await rawServer((_req, res) => {
        const [a, b, c] = someUsers(3)
        const body = userListBody([a ?? {}, { ...b, custom_attributes: { deep: 'HOLE' } }, c ?? {}], 1, 50, 1, null)
        res.setHeader('Content-Type', 'application/json')
        res.end(body.replace('"HOLE"', deepJson(20_000)))
      })
      const fields = format === 'csv' ? ['--fields', 'id,custom_attributes'] : []
      const run = await cli(['--base-url', server.url, '--no-progress', '--format', format, ...fields], {
        INTERCOM_ACCESS_TOKEN: TOKEN,
      })
      expect(run.stderr).not.to.contain('RangeError')
      expect(run.code).to.equal(6)
      expect(run.stderr).to.contain('user u2 holds a value nested deeper than 1000 levels')
      for (const id of ['u1', 'u2', 'u3']) expect(run.stdout).to.contain(id)
      expect(run.stdout).to.contain('[cut: nested deeper than 1000 levels]')
      if (format === 'ndjson')
        expect(
          run.stdout
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l) as unknown),
        ).to.have.length(3)
      if (format === 'json') expect(JSON.parse(run.stdout)).to.have.length(3)
    })
  }

  it('escape sequences in an error message or an HTML title never reach the terminal', async () => {
    let n = 0
    const server = await rawServer((_req, res) => {
      n += 1
      if (n === 1) {
        res.statusCode = 400
        res.setHeader('Content-Type', 'application/json')
        res.end(
          JSON.stringify({
            type: 'error.list',
            errors: [{ code: 'bad_request', message: '\u001b[2J\u001b[31mred\u001b]0;pwned\u0007 \u009b31m' }],
          }),
        )
      } else {
        res.statusCode = 403
        res.setHeader('Content-Type', 'text/html')
        res.end('<html><head><title>\u001b[5mblink\u001b[0m</title></head></html>')
      }
    })
    for (const expected of ['red', 'blink']) {
      const run = await cli(['--base-url', server.url, '--no-progress', '--max-retries', '0'], {
        INTERCOM_ACCESS_TOKEN: TOKEN,
      })
      expect(run.code).to.equal(4)
      expect(run.stderr).to.contain(expected)
      // eslint-disable-next-line no-control-regex
      expect(run.stderr).not.to.match(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/)
    }
  })

  it('--timeout above the largest timer (2,147,483 s) is a usage error, not a 1 ms timeout', async () => {
    const server = await rawServer((_req, res) => res.end(userListBody(someUsers(1), 1, 50, 1, null)))
    const run = await cli(['--base-url', server.url, '--timeout', '2147484'], { INTERCOM_ACCESS_TOKEN: TOKEN })
    expect(run.code).to.equal(2)
    expect(run.stderr).to.contain('--timeout takes a number of seconds > 0 and at most 2147483')
    expect(server.requests).to.have.length(0)
    const ok = await cli(['--base-url', server.url, '--timeout', '2147483', '--no-progress'], {
      INTERCOM_ACCESS_TOKEN: TOKEN,
    })
    expect(ok.code).to.equal(0)
  })
})
