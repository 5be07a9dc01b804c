import { expect } from 'chai'
import { cli, lines, simulate } from '../support/cli.js'

describe('intercom-users simulate (spawned)', () => {
  it('enforces the rate limit and injects the faults it is given; the listing still gets every user once', async () => {
    const sim = await simulate(['--users', '60', '--rate-limit', '4', '--window', '1', '--faults', 'serverError=0.2'])
    try {
      expect(sim.banner).to.contain(
        'Intercom simulator with 60 users (API 1.x) and 1000 contacts (API 2.x) at http://127.0.0.1:',
      )
      expect(sim.banner).to.contain('rate limit 4 requests per 1 s; faults serverError=0.2 (fault seed 1)')
      const run = await cli(['--per-page', '10', '--concurrency', '2', '--max-retries', '10'], sim.env)
      expect(run.code).to.equal(0)
      const ids = lines(run.stdout).map((u) => u['id'])
      expect(ids).to.have.length(60)
      expect(new Set(ids).size).to.equal(60)
      expect(run.stderr).to.match(/waiting \d\.\d s for the rate-limit window to reset/)
      // 6 pages, more requests: the injected 5xx were retried.
      expect(run.stderr).to.match(/60 users via List Users, 6 pages, (\d+) requests/)
      const requests = Number(/6 pages, (\d+) requests/.exec(run.stderr)?.[1])
      expect(requests).to.be.above(6)
    } finally {
      expect(await sim.stop()).to.equal(0)
    }
  })

  it('takes a token of its own and a seed; the same seed gives the same users', async () => {
    const a = await simulate(['--users', '5', '--seed', '42', '--token', 'my-test-token'])
    const b = await simulate(['--users', '5', '--seed', '42'])
    try {
      expect(a.env.INTERCOM_ACCESS_TOKEN).to.equal('my-test-token')
      // The same users; their timestamps are relative to each simulator's start, a second apart maybe.
      const who = (stdout: string) => lines(stdout).map((u) => [u['id'], u['email'], u['name']])
      const fromA = who((await cli([], a.env)).stdout)
      const fromB = who((await cli([], b.env)).stdout)
      expect(fromA).to.deep.equal(fromB)
      expect(fromA).to.have.length(5)
    } finally {
      await Promise.all([a.stop(), b.stop()])
    }
  })

  it('refuses bad options with exit 2 and says what to pass', async () => {
    const cases: Array<[string[], string]> = [
      [['--faults', 'nope=0.1'], '--faults: unknown fault "nope"; known: rateLimited, serverError'],
      [['--faults', 'stall=2'], '--faults: stall takes a rate from 0 to 1 (stall=0.05), got "2"'],
      [['--window', '5'], '--window sets the window of --rate-limit; pass --rate-limit N too'],
      [['--rate-limit', '0'], '--rate-limit takes a whole number >= 1, got "0"'],
      [['--port', '70000'], '--port takes a port from 0 to 65535, got 70000'],
      [['--latency', '2147483648'], '--latency takes at most 60000 ms, got 2147483648'],
      [['--rate-limit', '5', '--window', '3000000'], '--window takes a number of seconds > 0 and at most 86400'],
      [['--users', '99999999999999999999'], '--users takes a whole number >= 0, got "99999999999999999999"'],
    ]
    for (const [args, message] of cases) {
      const run = await cli(['simulate', ...args])
      expect(run.code, args.join(' ')).to.equal(2)
      expect(run.stderr).to.contain(message)
    }
  })
})
