import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect } from 'chai'
import { startSimulator } from '../../lib/simulator/index.js'
import { cli, finished, type Run } from '../support/cli.js'
import { NOW } from '../support/simulator.js'

/** The compiled `npm start`. */
const START = fileURLToPath(new URL('../../lib/cli/start.js', import.meta.url))

/** Runs a shell command line to its end: exit code, stdout and stderr. */
const sh = (commandLine: string, options: { cwd?: string; env?: Record<string, string> } = {}): Promise<Run> => {
  const child = spawn('bash', ['-c', commandLine], {
    cwd: options.cwd,
    env: { PATH: process.env['PATH'] ?? '', ...options.env },
  })
  child.stdin.end()
  return finished(child)
}

/** `npm start` with a terminal as its stdout (so it writes users.ndjson), in `cwd`. */
const startOnTerminal = (cwd: string, env: Record<string, string>) =>
  sh(`script -q -e -c ${JSON.stringify(`${process.execPath} ${START}`)} /dev/null`, { cwd, env })

const previousExport = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'intercom-rx-start-'))
  writeFileSync(join(dir, 'users.ndjson'), Array.from({ length: 2300 }, (_, i) => `{"id":"old${i}"}`).join('\n') + '\n')
  return dir
}

describe('as a new user meets it (spawned)', () => {
  it('a failed npm start (a bad token, exit 3; an unreachable URL, exit 4) leaves the previous users.ndjson untouched', async function () {
    this.timeout(60_000)
    const sim = await startSimulator({ users: 50, now: NOW })
    try {
      const dir = previousExport()
      const before = readFileSync(join(dir, 'users.ndjson'), 'utf8')
      const bad = await startOnTerminal(dir, { INTERCOM_ACCESS_TOKEN: 'wrong', INTERCOM_BASE_URL: sim.url })
      expect(bad.code).to.equal(3)
      expect(readFileSync(join(dir, 'users.ndjson'), 'utf8')).to.equal(before)
      expect(bad.stdout).to.contain('users.ndjson was left as it was')
      const unreachable = await startOnTerminal(dir, {
        INTERCOM_ACCESS_TOKEN: 'x',
        INTERCOM_BASE_URL: 'http://127.0.0.1:9',
      })
      expect(unreachable.code).to.equal(4)
      expect(readFileSync(join(dir, 'users.ndjson'), 'utf8')).to.equal(before)
      const ok = await startOnTerminal(dir, { INTERCOM_ACCESS_TOKEN: sim.token, INTERCOM_BASE_URL: sim.url })
      expect(ok.code).to.equal(0)
      expect(readFileSync(join(dir, 'users.ndjson'), 'utf8').trim().split('\n')).to.have.length(50)
      // No temporary file is left beside it.
      expect(existsSync(join(dir, `.users.ndjson.${0}.tmp`))).to.equal(false)
    } finally {
      await sim.close()
    }
  })

  it("npm start > file: the job writes users.ndjson itself and says where (npm's banner cannot mix into it)", async function () {
    this.timeout(60_000)
    const dir = mkdtempSync(join(tmpdir(), 'intercom-rx-start-'))
    const run = await sh(`${process.execPath} ${START} > redirected.txt`, {
      cwd: dir,
      env: { INTERCOM_RX_SIMULATED_USERS: '300' },
    })
    expect(run.code, run.stderr).to.equal(0)
    expect(run.stderr).to.contain(`to ${join(dir, 'users.ndjson')}`)
    const lines = readFileSync(join(dir, 'users.ndjson'), 'utf8').trim().split('\n')
    expect(lines).to.have.length(300)
    expect(lines.every((l) => l.startsWith('{"type":"user"'))).to.equal(true)
    expect(readFileSync(join(dir, 'redirected.txt'), 'utf8')).to.equal('')
  })

  it('npm start --silent | head -3 exits 0 quietly', async () => {
    const run = await sh(`${process.execPath} ${START} | head -3; exit "\${PIPESTATUS[0]}"`, {
      env: { INTERCOM_RX_SIMULATED_USERS: '3000' },
    })
    expect(run.stdout.trim().split('\n')).to.have.length(3)
    expect(run.stderr).not.to.contain('EPIPE')
    expect(run.code).to.equal(0)
  })

  it("a scroll that waits for the app's scroll lock says so on stderr, with no terminal", async function () {
    this.timeout(60_000)
    const sim = await startSimulator({ users: 150, now: NOW, scrollExpiryMs: 6_000 })
    try {
      // Another exporter of the same app holds the lock.
      await fetch(`${sim.url}/users/scroll`, {
        headers: { Authorization: `Bearer ${sim.token}`, 'Intercom-Version': '1.4' },
      })
      const run = await cli(['--scroll', '--no-progress'], {
        INTERCOM_ACCESS_TOKEN: sim.token,
        INTERCOM_BASE_URL: sim.url,
      })
      expect(run.code).to.equal(0)
      expect(run.stderr).to.match(
        /waiting 5\.0 s for the app's scroll lock: another scroll of this app is open .* waited 0 s of at most 75 s/,
      )
      expect(run.stdout.trim().split('\n')).to.have.length(150)
    } finally {
      await sim.close()
    }
  })

  it('a bad INTERCOM_BASE_URL is named as the variable: exit 2, nothing sent', async () => {
    const run = await cli(['contacts'], { INTERCOM_ACCESS_TOKEN: 'x', INTERCOM_BASE_URL: 'ftp://y' })
    expect(run.code).to.equal(2)
    expect(run.stderr.trim()).to.equal(
      'intercom-users: InvalidParams: INTERCOM_BASE_URL must be an http(s) URL, got "ftp://y".',
    )
  })

  describe("messages in the command line's language", () => {
    const cases: ReadonlyArray<readonly [ReadonlyArray<string>, RegExp]> = [
      [['--all', '--page', '2'], /^intercom-users: --all reads every user and takes no --page/],
      [
        ['--page', '201'],
        /^intercom-users: --page 201 at --per-page 50 starts past Intercom's cap .* with --all or --scroll/,
      ],
      [['--per-page', '100'], /^intercom-users: --per-page must be an integer from 1 to 60, got 100/],
      [['--limit', '-1'], /^intercom-users: --limit takes a whole number >= 1, got "-1"/],
      [['--created-since', '-3'], /^intercom-users: --created-since takes a whole number >= 0, got "-3"/],
      [['--bogus'], /^intercom-users: unknown option --bogus\. See intercom-users --help\.$/],
      [['-v'], /^intercom-users: unknown option -v\. See intercom-users --help\.$/],
      [['--limit'], /^intercom-users: --limit takes a value\. See intercom-users --help\.$/],
      [
        ['--base-url', 'ftp://x'],
        /^intercom-users: InvalidParams: --base-url must be an http\(s\) URL, got "ftp:\/\/x"\.$/,
      ],
      [
        ['contacts', '--base-url', 'x'],
        /^intercom-users: InvalidParams: --base-url must be an http\(s\) URL, got "x"\.$/,
      ],
    ]
    for (const [args, message] of cases) {
      it(`${args.join(' ')}: exit 2 with one line of ours, before any request`, async () => {
        const sim = await startSimulator({ users: 10, now: NOW })
        try {
          const run = await cli([...args, '--no-progress'], {
            INTERCOM_ACCESS_TOKEN: sim.token,
            INTERCOM_BASE_URL: sim.url,
          })
          expect(run.code).to.equal(2)
          const lines = run.stderr.trim().split('\n')
          expect(lines).to.have.length(1)
          expect(lines[0]).to.match(message)
          expect(lines[0]).not.to.match(/scrollUsers|allUsers|perPage|createdSince|baseUrl|\.\./)
          expect(sim.requests).to.have.length(0)
        } finally {
          await sim.close()
        }
      })
    }

    it('says "1 page", not "1 pages"', async () => {
      const sim = await startSimulator({ users: 10, now: NOW })
      try {
        const run = await cli(['--no-progress'], { INTERCOM_ACCESS_TOKEN: sim.token, INTERCOM_BASE_URL: sim.url })
        expect(run.stderr).to.match(/10 users via List Users, 1 page, 1 request in/)
      } finally {
        await sim.close()
      }
    })
  })
})
