import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import { generateUsers, startSimulator, type SimUser, type Simulator } from '../../lib/simulator/index.js'
import { startRawServer } from '../support/raw-server.js'
import { cli, finished, lines, MAIN, spawnCli } from '../support/cli.js'
import { parseCsv } from '../support/csv.js'
import { NOW } from '../support/simulator.js'

/** Runs a shell command line with a pseudo-terminal as its terminal (util-linux script), returning the screen. */
const inTerminal = async (commandLine: string, env: Record<string, string>): Promise<string> => {
  // Asynchronously: the simulator it talks to runs in this process.
  const { stdout } = await promisify(execFile)('script', ['-q', '-e', '-c', commandLine, '/dev/null'], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    encoding: 'utf8',
  })
  return stdout
}

/** Users whose names need quoting in CSV and neutralising in a terminal. */
const awkwardUsers = (): SimUser[] =>
  generateUsers(12, 5, NOW).map((u, i) =>
    i === 0
      ? { ...u, name: 'Lovelace, "Ada"\nCountess', custom_attributes: { plan: 'pro' } }
      : i === 1
        ? { ...u, name: 'Mallory \u001b[31mred\u001b[0m', email: null }
        : u,
  )

/** Intercom's order: newest first. */
const newestFirst = (users: ReadonlyArray<SimUser>): SimUser[] =>
  [...users].sort((a, b) => b.created_at - a.created_at || (a.id < b.id ? 1 : -1))

describe('intercom-users output formats (spawned)', () => {
  let sim: Simulator
  let env: Record<string, string>
  before(async () => {
    sim = await startSimulator({ users: awkwardUsers(), now: NOW })
    env = { INTERCOM_ACCESS_TOKEN: sim.token, INTERCOM_BASE_URL: sim.url }
  })
  after(() => sim.close())

  it('--format csv writes RFC 4180 records with a header, nested fields by dotted path', async () => {
    const fields = 'id,email,name,location_data.city_name,custom_attributes,created_at'
    const run = await cli(['--format', 'csv', '--fields', fields, '--per-page', '5'], env)
    expect(run.code).to.equal(0)
    const [header, ...rows] = parseCsv(run.stdout)
    expect(header).to.deep.equal(fields.split(','))
    const want = newestFirst(sim.users).map((u) => [
      u.id,
      (u['email'] as string | null) ?? '',
      (u['name'] as string | null) ?? '',
      (u['location_data'] as { city_name: string }).city_name,
      JSON.stringify(u['custom_attributes']),
      String(u.created_at),
    ])
    expect(rows).to.deep.equal(want)
    expect(run.stdout).to.contain('"Lovelace, ""Ada""\nCountess"')
  })

  it('--format csv and table default to id,user_id,email,name,created_at', async () => {
    const csv = await cli(['-f', 'csv', '--limit', '1'], env)
    expect(csv.stdout.split('\r\n')[0]).to.equal('id,user_id,email,name,created_at')
    const table = await cli(['-f', 'table', '--limit', '1'], env)
    expect(table.stdout.split('\n')[0]).to.match(/^id +user_id +email +name +created_at$/)
  })

  it('--format json writes one array equal to the NDJSON listing, closed even at --limit', async () => {
    const ndjson = lines((await cli([], env)).stdout)
    const json = await cli(['--format', 'json', '--per-page', '5'], env)
    expect(json.code).to.equal(0)
    expect(JSON.parse(json.stdout)).to.deep.equal(ndjson)
    const limited = await cli(['--format', 'json', '--limit', '3', '--fields', 'id,location_data.city_name'], env)
    expect(JSON.parse(limited.stdout)).to.deep.equal(
      ndjson.slice(0, 3).map((u) => ({
        id: u['id'],
        'location_data.city_name': (u['location_data'] as { city_name: string }).city_name,
      })),
    )
  })

  it('--fields with NDJSON writes only those keys, null where a user has none', async () => {
    const run = await cli(['--fields', 'id,email,custom_attributes.plan'], env)
    const got = lines(run.stdout)
    expect(got).to.have.length(12)
    const want = newestFirst(sim.users).map((u) => ({
      id: u.id,
      email: u['email'] ?? null,
      'custom_attributes.plan': (u['custom_attributes'] as { plan?: string }).plan ?? null,
    }))
    expect(got).to.deep.equal(want)
  })

  it('--format table aligns columns, shows dates in UTC and never passes a control character to the terminal', async () => {
    const run = await cli(['--format', 'table', '--fields', 'id,name,created_at', '--per-page', '4'], env)
    expect(run.code).to.equal(0)
    const rows = run.stdout.trimEnd().split('\n')
    expect(rows).to.have.length(2 + 12)
    expect(rows[1]).to.match(/^-+ {2}-+ {2}-+$/)
    // eslint-disable-next-line no-control-regex
    expect(run.stdout).not.to.match(/[\u0000-\u0009\u000b-\u001f]/)
    expect(run.stdout).to.contain('Mallory \uFFFD[31mred\uFFFD[0m')
    const newest = newestFirst(sim.users)[0]
    expect(rows[2]).to.contain(new Date((newest?.created_at ?? 0) * 1000).toISOString().slice(0, 19).replace('T', ' '))
    // Every row ends with its date in UTC (a later, longer name may push it right: widths come from the first page).
    const dateColumn = (rows[0] ?? '').indexOf('created_at')
    for (const row of rows.slice(2)) {
      expect(row).to.match(/ \d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
      expect(row.length).to.be.at.least(dateColumn + 19)
    }
  })

  it('--format csv to a terminal replaces control characters like the table; to a pipe the cells stay as sent', async () => {
    const screen = await inTerminal(`${process.execPath} ${MAIN} --format csv --fields id,name --no-progress`, env)
    expect(screen).to.contain('Mallory \uFFFD[31mred\uFFFD[0m')
    expect(screen).not.to.contain('\u001b[31m')
    const piped = await cli(['--format', 'csv', '--fields', 'id,name'], env)
    expect(piped.stdout).to.contain('Mallory \u001b[31mred\u001b[0m')
  })

  it('refuses a bad --format or --fields with exit 2 and a line that says what to pass; warns on an unknown field', async () => {
    const format = await cli(['--format', 'xml'], env)
    expect(format.code).to.equal(2)
    expect(format.stderr).to.contain('--format takes ndjson, json, csv, table, got "xml"')
    const fields = await cli(['-f', 'csv', '--fields', 'id,,email'], env)
    expect(fields.code).to.equal(2)
    expect(fields.stderr).to.contain('--fields takes comma-separated field names')
    const badUrl = await cli(['-f', 'json', '--base-url', 'ftp://example.com'], env)
    expect(badUrl.code).to.equal(2)
    expect(badUrl.stdout).to.equal('')
    const twice = await cli(['-f', 'csv', '--fields', 'id,id'], env)
    expect(twice.stderr).to.contain('--fields names "id" twice')
    const typo = await cli(['-f', 'csv', '--fields', 'id,emial', '--limit', '2'], env)
    expect(typo.code).to.equal(0)
    expect(typo.stderr).to.contain("--fields emial: emial is not a field of Intercom's user object")
    expect(parseCsv(typo.stdout).map((r) => r[1])).to.deep.equal(['emial', '', ''])
  })

  it('--token works but warns that the process list shows it, and never prints it', async () => {
    const run = await cli(['--token', sim.token, '--limit', '2'], { INTERCOM_BASE_URL: sim.url })
    expect(run.code).to.equal(0)
    expect(lines(run.stdout)).to.have.length(2)
    expect(run.stderr).to.contain('--token is visible to other users of this machine')
    expect(run.stderr).not.to.contain(sim.token)
    const both = await cli(['--token', 'x', '--token-file', '/dev/null'], env)
    expect(both.code).to.equal(2)
  })

  it('help per command, with examples; help for an unknown command is a usage error', async () => {
    const list = await cli(['help'])
    expect(list.stdout).to.contain('--format FORMAT').and.to.contain('Examples')
    const simulate = await cli(['help', 'simulate'])
    expect(simulate.stdout).to.contain('--rate-limit N').and.to.contain('Examples')
    expect((await cli(['simulate', '-h'])).stdout).to.equal(simulate.stdout)
    const unknown = await cli(['help', 'export'])
    expect(unknown.code).to.equal(2)
    expect(unknown.stderr).to.contain('the commands are list, contacts and simulate')
  })
})

describe('intercom-users with a slow reader (spawned)', () => {
  it('holds the listing while stdout is not read: requests stop at the pages read ahead, then every user comes', async () => {
    const sim = await startSimulator({ users: 3000, now: NOW })
    try {
      const child = spawnCli(['--per-page', '10', '--concurrency', '8'], {
        INTERCOM_ACCESS_TOKEN: sim.token,
        INTERCOM_BASE_URL: sim.url,
      })
      child.stdout.pause()
      // Nothing reads: the pipe fills, writes wait for drain, and no page is asked for meanwhile.
      // On a busy machine the command may take a while to start: wait for its first request, then
      // until the count holds still for a second (five samples).
      while (sim.requests.length === 0) await new Promise((r) => setTimeout(r, 50))
      let still = 0
      let seen = sim.requests.length
      while (still < 5) {
        await new Promise((r) => setTimeout(r, 200))
        still = sim.requests.length === seen ? still + 1 : 0
        seen = sim.requests.length
      }
      expect(sim.requests.length).to.be.above(0).and.below(60) // of 300 pages
      const run = finished(child)
      child.stdout.resume()
      const { code, stdout } = await run
      expect(code).to.equal(0)
      expect(lines(stdout)).to.have.length(3000)
      expect(sim.requests).to.have.length(300)
    } finally {
      await sim.close()
    }
  })
})

describe('intercom-users on Ctrl-C and SIGTERM (spawned)', () => {
  /** Page 1 at once; every later page never answers, as a slow Intercom would not. */
  const hangAfterFirstPage = async () => {
    const users = generateUsers(50, 3, NOW)
    const closed: string[] = []
    const server = await startRawServer((req, res) => {
      const page = new URL(req.url ?? '/', 'http://x').searchParams.get('page') ?? '1'
      if (page !== '1') {
        req.socket.on('close', () => closed.push(page))
        return
      }
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(
        JSON.stringify({
          type: 'user.list',
          total_count: 150,
          pages: {
            type: 'pages',
            page: 1,
            per_page: 50,
            total_pages: 3,
            next: `${server.url}/users?per_page=50&page=2`,
          },
          users,
        }),
      )
    })
    return { server, users, closed }
  }

  for (const [signal, format] of [
    ['SIGINT', 'ndjson'],
    ['SIGTERM', 'ndjson'],
    ['SIGINT', 'json'],
  ] as const) {
    it(`${signal} with --format ${format}: aborts the request in flight, writes whole records only, says how many, exits 130`, async () => {
      const { server, users, closed } = await hangAfterFirstPage()
      try {
        const child = spawnCli(['--format', format, '--concurrency', '1', '--timeout', '120'], {
          INTERCOM_ACCESS_TOKEN: 'tok',
          INTERCOM_BASE_URL: server.url,
        })
        const run = finished(child)
        // The first page is written and the second requested (it hangs): interrupt now.
        await new Promise<void>((resolve) => {
          let seen = ''
          child.stdout.on('data', (d: Buffer) => {
            seen += d.toString()
            if (seen.includes(users[49]?.id ?? '?') && server.requests.length >= 2) resolve()
          })
          const poll = setInterval(() => {
            if (seen.includes(users[49]?.id ?? '?') && server.requests.length >= 2) {
              clearInterval(poll)
              resolve()
            }
          }, 10)
        })
        const sent = Date.now()
        child.kill(signal)
        const { code, stdout, stderr } = await run
        // Without the abort it would wait for the 120 s timeout.
        expect(Date.now() - sent).to.be.below(10_000)
        expect(code).to.equal(130)
        const written = format === 'json' ? (JSON.parse(stdout) as unknown[]) : lines(stdout)
        expect(stdout.endsWith('\n')).to.equal(true)
        expect(written).to.deep.equal(users)
        expect(stderr).to.contain(`interrupted by ${signal}: 50 users written (whole records only)`)
        await new Promise((r) => setTimeout(r, 50))
        expect(closed).to.include('2')
      } finally {
        await server.close()
      }
    })
  }

  it('mid-stream under load: the interrupted output is a prefix of the listing in whole lines', async () => {
    const sim = await startSimulator({ users: 3000, now: NOW, latencyMs: 5 })
    try {
      const env = { INTERCOM_ACCESS_TOKEN: sim.token, INTERCOM_BASE_URL: sim.url }
      const child = spawnCli(['--per-page', '10'], env)
      const run = finished(child)
      await new Promise<void>((resolve) => {
        let bytes = 0
        child.stdout.on('data', (d: Buffer) => {
          bytes += d.length
          if (bytes > 200_000) resolve()
        })
      })
      child.kill('SIGINT')
      const { code, stdout, stderr } = await run
      expect(code).to.equal(130)
      expect(stdout.endsWith('\n')).to.equal(true)
      const got = lines(stdout)
      expect(got.length).to.be.above(0).and.below(3000)
      expect(got.map((u) => u['id'])).to.deep.equal(
        newestFirst(sim.users)
          .slice(0, got.length)
          .map((u) => u.id),
      )
      expect(stderr).to.contain(`interrupted by SIGINT: ${got.length} users written`)
    } finally {
      await sim.close()
    }
  })
})

describe('intercom-users progress bar (in a pseudo-terminal)', () => {
  let sim: Simulator
  let env: Record<string, string>
  before(async () => {
    sim = await startSimulator({ users: 400, now: NOW, rateLimit: { limit: 8, windowMs: 300, fractionalReset: true } })
    env = { INTERCOM_ACCESS_TOKEN: sim.token, INTERCOM_BASE_URL: sim.url }
  })
  after(() => sim.close())

  it('draws users of total_count, pages, requests per second, ETA and waits on a terminal, then a summary', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'intercom-rx-pty-')), 'users.ndjson')
    // A 120-column terminal: at 80 the bar's last fields are cut (renderProgress never wraps).
    const screen = await inTerminal(`stty cols 120; ${process.execPath} ${MAIN} --per-page 20 > ${out}`, env)
    expect((await readFile(out, 'utf8')).split('\n').filter(Boolean)).to.have.length(400)
    // eslint-disable-next-line no-control-regex
    const frames = screen.split('\r').map((f) => f.replace(/\u001b\[K/g, '').trim())
    const half = frames.find((f) => f.startsWith('[##########----------]  200/400 users  10 pages  '))
    // The rate used, and what the window has left (the simulator's limit is 8 a window).
    expect(half).to.match(/ \d+\.\d req\/s \([0-8] left this window\) {2}ETA \d:\d\d/)
    const last = frames.filter((f) => f.startsWith('[####################]  400/400 users')).at(-1)
    expect(last).to.match(
      /^\[#{20}\] {2}400\/400 users {2}20 pages {2}\d+\.\d req\/s \([0-8] left this window\) {2}ETA 0:00 {2}waits \d+ \(\d+\.\d s\)$/,
    )
    expect(screen).to.match(/waiting \d\.\d s for the rate-limit window to reset/)
    expect(screen).to.match(/400 users via List Users, 20 pages, 20 requests in \d+\.\d s/)
  })

  it('a contacts export counts contacts and says the range it is at', async () => {
    const contacts = await startSimulator({ users: 0, contacts: 3_000, now: NOW, latencyMs: 20 })
    try {
      const out = join(await mkdtemp(join(tmpdir(), 'intercom-rx-pty-')), 'contacts.ndjson')
      const screen = await inTerminal(`stty cols 160; ${process.execPath} ${MAIN} contacts > ${out}`, {
        INTERCOM_ACCESS_TOKEN: contacts.token,
        INTERCOM_BASE_URL: contacts.url,
      })
      expect((await readFile(out, 'utf8')).split('\n').filter(Boolean)).to.have.length(3_000)
      // eslint-disable-next-line no-control-regex
      const frames = screen.split('\r').map((f) => f.replace(/\u001b\[K/g, '').trim())
      expect(
        frames.some((f) => /^\[[#-]{20}\] {2}[\d,]+\/3,000 contacts {2}range \d+ of \d+ {2}\d+ pages? {2}/.test(f)),
      ).to.equal(true)
      expect(screen).not.to.match(/ users /)
      expect(screen).to.match(/3000 contacts via a parallel export \(search by created_at\), \d+ pages/)
    } finally {
      await contacts.close()
    }
  })

  it('draws nothing when stderr is not a terminal, with --no-progress, or when the users go to the terminal too', async () => {
    const piped = await cli(['--per-page', '60'], env)
    expect(piped.stderr).not.to.contain('\r')
    expect(piped.stderr).not.to.contain('req/s')
    const screen = await inTerminal(`${process.execPath} ${MAIN} --per-page 60 --no-progress > /dev/null`, env)
    expect(screen).not.to.contain('req/s')
    expect(screen).to.match(/400 users via List Users/)
    const table = await inTerminal(`${process.execPath} ${MAIN} --per-page 60 --format table --fields id`, env)
    expect(table).not.to.contain('req/s')
    expect(table.split('\n').filter((l) => /^[0-9a-f]{24,25}\s*$/.test(l.trim()))).to.have.length(400)
  })
})
