import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import { startSimulator, type Simulator } from '../../lib/simulator/index.js'
import { cli, finished, lines, spawnCli } from '../support/cli.js'
import { NOW } from '../support/simulator.js'

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
const DAY = 86_400

describe('intercom-users contacts --follow (spawned)', () => {
  let sim: Simulator
  let dir: string
  beforeEach(async () => {
    sim = await startSimulator({ users: 0, contacts: 200, now: NOW, searchLagMs: 300 })
    dir = await mkdtemp(join(tmpdir(), 'intercom-rx-follow-'))
  })
  afterEach(async () => {
    await sim.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('killed with SIGKILL mid-run and restarted with the same --checkpoint, loses and repeats nothing', async function () {
    this.timeout(60_000)
    const env = { INTERCOM_BASE_URL: sim.url, INTERCOM_ACCESS_TOKEN: sim.token }
    const checkpoint = join(dir, 'sync.json')
    const since = Math.floor(Date.now() / 1000) - DAY
    const spare = sim.contacts.filter((c) => (c['updated_at'] as number) <= since).map((c) => c.id)
    const args = ['contacts', '--follow', '--since', String(since), '--checkpoint', checkpoint, '--every', '0.05']
    let next = 0
    const updateSome = async (rounds: number): Promise<void> => {
      for (let i = 0; i < rounds; i++) {
        sim.updateContacts(spare.slice(next, next + 3))
        next += 3
        await pause(60)
      }
    }
    // Versions already settled when the first run starts, and more while it runs.
    sim.updateContacts(spare.slice(0, 20), since + 60)
    next = 20
    // Settled in the search index too: a write dated a day back is still indexed only after the
    // search lag (300 ms here), and Intercom never dates a write back, so the engine's lag window
    // (on updated_at) cannot cover it. Without this wait, a first poll within 300 ms of the write
    // saw some of the 20 and never the rest.
    await pause(700)
    let output = ''
    const runs: number[] = []
    for (const stop of ['SIGKILL', 'SIGKILL', 'SIGINT'] as const) {
      const child = spawnCli([...args, '--lag', '1'], env)
      const run = finished(child)
      await updateSome(8)
      // Let what was changed settle past the lag and be written, then stop it hard.
      await pause(stop === 'SIGINT' ? 2_500 : 1_200)
      child.kill(stop)
      const { stdout, code } = await run
      if (stop === 'SIGINT') expect(code).to.equal(130)
      output += stdout
      runs.push(lines(stdout).length)
    }
    const written = lines(output).map((c) => `${String(c['id'])}@${String(c['updated_at'])}`)
    const want = sim.contacts
      .filter((c) => (c['updated_at'] as number) > since)
      .map((c) => `${c.id}@${String(c['updated_at'])}`)
    expect(want.length).to.be.greaterThan(60)
    expect(new Set(written).size).to.equal(written.length)
    const missing = want.filter((v) => !written.includes(v))
    const extra = written.filter((v) => !want.includes(v))
    expect({ missing, extra }, `runs wrote ${runs.join(', ')} lines`).to.deep.equal({ missing: [], extra: [] })
    const saved = JSON.parse(await readFile(checkpoint, 'utf8')) as { kind: string; watermark: { updatedAt: number } }
    expect(saved.kind).to.equal('changes')
    expect(saved.watermark.updatedAt).to.equal(Math.max(...lines(output).map((c) => c['updated_at'] as number)))
  })

  it('intercom-users --follow (users, API 1.x): SIGKILL and restart with the same --checkpoint lose and repeat nothing', async function () {
    this.timeout(60_000)
    const users = await startSimulator({ users: 300, now: NOW })
    try {
      const env = { INTERCOM_BASE_URL: users.url, INTERCOM_ACCESS_TOKEN: users.token }
      const checkpoint = join(dir, 'users.json')
      const since = Math.floor(Date.now() / 1000) - DAY
      const spare = users.users.filter((u) => (u['updated_at'] as number) <= since).map((u) => u.id)
      users.updateUsers(spare.slice(0, 15), since + 60)
      let next = 15
      let output = ''
      for (const stop of ['SIGKILL', 'SIGKILL', 'SIGINT'] as const) {
        const child = spawnCli(
          ['--follow', '--since', String(since), '--checkpoint', checkpoint, '--every', '0.05'],
          env,
        )
        const run = finished(child)
        for (let i = 0; i < 8; i++) {
          users.updateUsers(spare.slice(next, next + 2))
          next += 2
          await pause(60)
        }
        await pause(stop === 'SIGINT' ? 1_000 : 400)
        child.kill(stop)
        const { stdout, code } = await run
        if (stop === 'SIGINT') expect(code).to.equal(130)
        output += stdout
      }
      const written = lines(output).map((u) => `${String(u['id'])}@${String(u['updated_at'])}`)
      const want = users.users
        .filter((u) => (u['updated_at'] as number) > since)
        .map((u) => `${u.id}@${String(u['updated_at'])}`)
      expect(want).to.have.length(63)
      expect(new Set(written).size).to.equal(written.length)
      expect(written).to.have.members(want)
    } finally {
      await users.close()
    }
  })

  it('--reconcile writes a contact.deleted line once for each contact deleted or lead merged while it follows', async function () {
    this.timeout(30_000)
    const env = { INTERCOM_BASE_URL: sim.url, INTERCOM_ACCESS_TOKEN: sim.token }
    const since = Math.floor(Date.now() / 1000) - 60
    const child = spawnCli(
      ['contacts', '--follow', '--since', String(since), '--every', '0.05', '--lag', '1', '--reconcile', '1'],
      env,
    )
    const run = finished(child)
    // The follow's baseline walk (every contact that exists when it starts) comes first.
    await pause(1_000)
    const leads = sim.contacts.filter((c) => c.role === 'lead').map((c) => c.id)
    const users = sim.contacts.filter((c) => c.role === 'user').map((c) => c.id)
    const deleted = users.slice(10, 15)
    sim.deleteContacts(deleted)
    for (let i = 0; i < 3; i++) expect(sim.mergeContacts(leads[i] ?? '', users[i] ?? '')).to.equal(true)
    await pause(3_500)
    child.kill('SIGINT')
    const { stdout, stderr, code } = await run
    expect(code).to.equal(130)
    // A change stream counts changes, not users or pages.
    expect(stderr).to.match(
      /interrupted by SIGINT: \d+ changes written \(whole records only\) via contact changes, \d+ requests in/,
    )
    const gone = lines(stdout).filter((l) => l['type'] === 'contact.deleted')
    expect(gone.map((l) => l['id']).sort()).to.deep.equal([...deleted, ...leads.slice(0, 3)].sort())
    // The users the leads went into were updated: their new versions are written too.
    const updated = new Set(
      lines(stdout)
        .filter((l) => l['type'] === 'contact')
        .map((l) => l['id']),
    )
    for (const user of users.slice(0, 3)) expect(updated.has(user), user).to.equal(true)
  })

  for (const [what, args, message] of [
    ['--follow without a start', ['--follow'], /--follow needs a start/],
    ['--since without --follow', ['--since', '7d'], /--since goes with --follow/],
    ['--follow with a query', ['--follow', '--since', '1d', '--query', '{}'], /takes no --query/],
    ['a --since that is no time', ['--follow', '--since', 'last week'], /--since takes a date/],
    ['a --since that is no real date (February 30)', ['--follow', '--since', '2026-02-30'], /--since takes a date/],
    ['a --since past year 9999', ['--follow', '--since', '99999999999999999999'], /--since takes a date/],
    [
      'an --every a timer cannot hold',
      ['--follow', '--since', '1d', '--every', '2147484'],
      /--every takes .* at most 86400/,
    ],
    ['a --lag over a day', ['--follow', '--since', '1d', '--lag', '90000'], /--lag takes .* at most 86400/],
    ['--reconcile without --follow', ['--reconcile', '60'], /--reconcile goes with --follow/],
  ] as const) {
    it(`refuses ${what} (exit 2, nothing sent)`, async () => {
      const run = await cli(['contacts', ...args], { INTERCOM_BASE_URL: sim.url, INTERCOM_ACCESS_TOKEN: sim.token })
      expect(run.code).to.equal(2)
      expect(run.stderr).to.match(message)
      expect(sim.requests).to.have.length(0)
    })
  }
})

describe('intercom-users contacts --follow: a crowded second (spawned)', () => {
  let sim: Simulator
  let dir: string
  before(async () => {
    sim = await startSimulator({ users: 0, contacts: 10_000, now: NOW, searchLagMs: 0 })
    dir = await mkdtemp(join(tmpdir(), 'intercom-rx-crowded-'))
  })
  after(async () => {
    await sim.close()
    await rm(dir, { recursive: true, force: true })
  })

  /** Milliseconds until a follow has written `n` lines, then stops it (SIGINT); and its exit code. */
  const timeToWrite = async (n: number, args: ReadonlyArray<string>) => {
    const env = { INTERCOM_BASE_URL: sim.url, INTERCOM_ACCESS_TOKEN: sim.token }
    const started = Date.now()
    const child = spawnCli(args, env)
    let seen = 0
    let took = 0
    child.stdout.on('data', (d: Buffer) => {
      for (const byte of d) if (byte === 0x0a) seen += 1
      if (seen >= n && took === 0) {
        took = Date.now() - started
        child.kill('SIGINT')
      }
    })
    const { code } = await finished(child)
    return { took, code, seen }
  }

  it('10,000 contacts updated in one second: with --checkpoint within 2× the time without (the watermark saved at most every 200 ms)', async function () {
    this.timeout(120_000)
    const second = Math.floor(Date.now() / 1000) - 3_600
    sim.updateContacts(
      sim.contacts.map((c) => c.id),
      second,
    )
    const base = ['contacts', '--follow', '--since', String(second - 60), '--every', '0.2', '--per-page', '150']
    const runs: string[] = []
    let without = Number.POSITIVE_INFINITY
    let withCheckpoint = Number.POSITIVE_INFINITY
    // Alternated, the best of two each: a busy machine slows both alike.
    for (let i = 0; i < 2; i++) {
      const plain = await timeToWrite(10_000, base)
      const saved = await timeToWrite(10_000, [...base, '--checkpoint', join(dir, `sync-${i}.json`)])
      expect([plain.code, saved.code, plain.seen, saved.seen]).to.deep.equal([130, 130, 10_000, 10_000])
      without = Math.min(without, plain.took)
      withCheckpoint = Math.min(withCheckpoint, saved.took)
      runs.push(`${plain.took} ms without, ${saved.took} ms with`)
    }
    console.log(`      ${runs.join('; ')}`)
    expect(withCheckpoint, runs.join('; ')).to.be.at.most(2 * without)
  })
})
