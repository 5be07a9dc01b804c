import { spawn } from 'node:child_process'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import { startSimulator, type Simulator } from '../lib/simulator/index.js'
import { startRawServer } from './support/raw-server.js'
import { cli, lines, MAIN, simulate } from './support/cli.js'
import { NOW } from './support/simulator.js'

describe('intercom-users (the command line, spawned)', () => {
  let sim: Simulator
  let env: Record<string, string>
  before(async () => {
    sim = await startSimulator({ users: 260, now: NOW })
    env = { INTERCOM_ACCESS_TOKEN: sim.token, INTERCOM_BASE_URL: sim.url }
  })
  after(() => sim.close())

  it("streams every user as NDJSON, in Intercom's order, unknown fields kept, with a summary on stderr", async () => {
    const run = await cli(['--per-page', '60'], env)
    expect(run.code).to.equal(0)
    const users = lines(run.stdout)
    const want = [...sim.users].sort((a, b) => b.created_at - a.created_at || (a.id < b.id ? 1 : -1))
    expect(users.map((u) => u['id'])).to.deep.equal(want.map((u) => u.id))
    expect(users).to.deep.equal(want)
    expect(run.stderr).to.match(/260 users via List Users, 5 pages, 5 requests in \d+\.\d s/)
    expect(run.stderr).not.to.contain(sim.token)
  })

  it('passes the filters and stops at --limit without a request beyond those needed', async () => {
    const before = sim.requests.length
    const run = await cli(['--order', 'asc', '--sort', 'updated_at', '--per-page', '20', '--limit', '45'], env)
    expect(run.code).to.equal(0)
    expect(lines(run.stdout)).to.have.length(45)
    expect(sim.requests.length - before).to.equal(3)
    expect(sim.requests[before]?.url).to.contain('order=asc&sort=updated_at')
  })

  it('lists by email (a + in the address reaches the server intact)', async () => {
    const email = String(sim.users.find((u) => String(u['email']).includes('+'))?.['email'])
    const run = await cli(['--email', email], env)
    expect(run.code).to.equal(0)
    expect(lines(run.stdout).map((u) => u['email'])).to.include(email)
    expect(lines(run.stdout).every((u) => u['email'] === email)).to.equal(true)
  })

  it('reads the token from --token-file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'intercom-rx-'))
    const file = join(dir, 'token')
    await writeFile(file, `${sim.token}\n`)
    const run = await cli(['--token-file', file, '--base-url', sim.url, '--limit', '1'])
    expect(run.code).to.equal(0)
    expect(lines(run.stdout)).to.have.length(1)
  })

  const failures: ReadonlyArray<readonly [string, string[], Record<string, string> | 'env', number, RegExp]> = [
    ['an unknown flag', ['--bogus'], 'env', 2, /^intercom-users: unknown option --bogus\. See intercom-users --help\./],
    ['a bad number', ['--per-page', 'ten'], 'env', 2, /--per-page takes a whole number >= 1, got "ten"/],
    ['a bad timeout', ['--timeout', 'soon'], 'env', 2, /--timeout takes a number of seconds > 0/],
    [
      'an invalid combination',
      ['--email', 'a@b.c', '--order', 'asc'],
      'env',
      2,
      /intercom-users: --order works only when listing all users, not with --email; remove --order or the --email filter/,
    ],
    [
      'per-page over 60',
      ['--per-page', '61'],
      'env',
      2,
      /intercom-users: --per-page must be an integer from 1 to 60, got 61/,
    ],
    [
      '--scroll with a filter',
      ['--scroll', '--email', 'a@b.c'],
      'env',
      2,
      /--scroll takes no filters \(the Scroll API has none\); drop --email/,
    ],
    ['--scroll with --all', ['--scroll', '--all'], 'env', 2, /--scroll and --all cannot be combined/],
    ['no token', [], {}, 2, /no access token: set INTERCOM_ACCESS_TOKEN or pass --token-file/],
    [
      'a missing token file',
      ['--token-file', '/nonexistent/token'],
      {},
      2,
      /cannot read the token file \/nonexistent\/token \(ENOENT\)/,
    ],
    [
      'a wrong token',
      [],
      { INTERCOM_ACCESS_TOKEN: 'wrong-token-xyz' },
      3,
      /Unauthorized: Intercom refused the access token/,
    ],
    [
      'a start past the cap',
      ['--page', '300'],
      'env',
      2,
      /intercom-users: --page 300 at --per-page 50 starts past Intercom's cap of 10,000 users/,
    ],
  ]
  for (const [name, args, runEnv, code, message] of failures) {
    it(`exits ${code} with one clear line for ${name}`, async () => {
      const fullEnv = runEnv === 'env' ? env : { INTERCOM_BASE_URL: sim.url, ...runEnv }
      const requestsBefore = sim.requests.length
      const run = await cli(args, fullEnv)
      expect(run.code).to.equal(code)
      expect(run.stdout).to.equal('')
      expect(run.stderr).to.match(message)
      expect(run.stderr.trim().split('\n')).to.have.length(1)
      expect(run.stderr).not.to.contain(sim.token)
      if (code === 2) expect(sim.requests.length).to.equal(requestsBefore)
    })
  }

  it('exits 4 when the server cannot be reached', async () => {
    const closed = await startRawServer(() => undefined)
    await closed.close()
    const run = await cli(['--max-retries', '0'], { INTERCOM_ACCESS_TOKEN: 'x', INTERCOM_BASE_URL: closed.url })
    expect(run.code).to.equal(4)
    expect(run.stderr).to.match(/NetworkError: .*ECONNREFUSED/)
  })

  it('exits 5 on a protocol failure (a body that is not JSON)', async () => {
    const broken = await startRawServer((_req, res) => res.end('<html>not json</html>'))
    try {
      const run = await cli([], { INTERCOM_ACCESS_TOKEN: 'x', INTERCOM_BASE_URL: broken.url })
      expect(run.code).to.equal(5)
      expect(run.stderr).to.match(/DecodeError: .*not valid JSON/)
    } finally {
      await broken.close()
    }
  })

  it('--all past the cap reads every user over the Scroll API and says so', async () => {
    const big = await startSimulator({ users: 10_050, now: NOW })
    try {
      const run = await cli(['--all'], { INTERCOM_ACCESS_TOKEN: big.token, INTERCOM_BASE_URL: big.url })
      expect(run.code).to.equal(0)
      const ids = lines(run.stdout).map((u) => u['id'])
      expect(ids).to.have.length(10_050)
      expect(new Set(ids)).to.deep.equal(new Set(big.users.map((u) => u.id)))
      expect(run.stderr).to.match(/10050 users via the Scroll API, \d+ pages, 103 requests/)
    } finally {
      await big.close()
    }
  })

  it('--all under the cap reads with List Users; --scroll reads over the Scroll API', async () => {
    const all = await cli(['--all'], env)
    expect(all.code).to.equal(0)
    expect(lines(all.stdout)).to.have.length(260)
    expect(all.stderr).to.match(/260 users via List Users/)
    const scroll = await cli(['--scroll', '--limit', '150'], env)
    expect(scroll.code).to.equal(0)
    expect(lines(scroll.stdout)).to.have.length(150)
    expect(scroll.stderr).to.match(/150 users via the Scroll API, 2 pages, 2 requests/)
  })

  it('a plain listing past the cap stops there, says how to read the rest, and exits 6 (users left out)', async () => {
    const big = await startSimulator({ users: 10_050, now: NOW })
    try {
      const run = await cli(['--per-page', '60'], { INTERCOM_ACCESS_TOKEN: big.token, INTERCOM_BASE_URL: big.url })
      expect(run.code).to.equal(6)
      expect(lines(run.stdout)).to.have.length(10_000)
      expect(run.stderr).to.contain(
        "10000 users via List Users (stopped at Intercom's cap on page iteration; --all or --scroll reads the rest)",
      )
    } finally {
      await big.close()
    }
  })

  it('says on stderr when it waits for a rate-limit reset, and how long', async () => {
    const limited = await startSimulator({ users: 300, now: NOW, rateLimit: { limit: 4, windowMs: 1_000 } })
    try {
      const run = await cli(['--per-page', '50'], {
        INTERCOM_ACCESS_TOKEN: limited.token,
        INTERCOM_BASE_URL: limited.url,
      })
      expect(run.code).to.equal(0)
      expect(lines(run.stdout)).to.have.length(300)
      expect(run.stderr).to.match(
        /intercom-users: waiting \d+\.\d s for the rate-limit window to reset: this window's requests are spent \(X-RateLimit-Remaining: 0\)/,
      )
      expect(limited.rateLimitedRequests()).to.equal(0)
    } finally {
      await limited.close()
    }
  })

  it('--max-retries and --timeout bound a stalled server', async () => {
    const stalled = await startRawServer(() => undefined)
    try {
      const started = Date.now()
      const run = await cli(['--max-retries', '1', '--timeout', '0.2'], {
        INTERCOM_ACCESS_TOKEN: 'x',
        INTERCOM_BASE_URL: stalled.url,
      })
      expect(run.code).to.equal(4)
      expect(run.stderr).to.match(/Timeout: No complete answer .* within 200 ms.*gave up after 2 attempts/)
      expect(stalled.requests).to.have.length(2)
      expect(Date.now() - started).to.be.below(5_000)
    } finally {
      await stalled.close()
    }
  })

  it('stops quietly when the reader closes the pipe early (| head)', async () => {
    const child = spawn(process.execPath, [MAIN, '--per-page', '10'], {
      env: { PATH: process.env['PATH'] ?? '', ...env },
    })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.stdout.once('data', () => child.stdout.destroy())
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    expect(code).to.equal(0)
    expect(stderr).not.to.contain('EPIPE')
  })

  it('prints help and version', async () => {
    const help = await cli(['--help'])
    expect(help.code).to.equal(0)
    expect(help.stdout).to.contain('--created-since DAYS')
    expect((await cli(['simulate', '--help'])).stdout).to.contain('--latency MS')
    expect((await cli(['--version'])).stdout).to.match(/^\d+\.\d+\.\d+\n$/)
  })

  it('simulate prints a URL and token that list then uses, and stops on SIGINT', async () => {
    const sim = await simulate(['--users', '75', '--seed', '9'])
    const run = await cli([], sim.env)
    expect(run.code).to.equal(0)
    expect(lines(run.stdout)).to.have.length(75)
    expect(await sim.stop()).to.equal(0)
  })
})
