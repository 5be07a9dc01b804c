import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import { generateContacts, startSimulator, type SimContact, type Simulator } from '../../lib/simulator/index.js'
import { cli } from '../support/cli.js'
import { appendingTo, idsIn, killedAt, wholeLineIdsIn } from '../support/output-file.js'
import { NOW } from '../support/simulator.js'

describe('intercom-users contacts --checkpoint (a resumable export, spawned)', () => {
  let sim: Simulator
  let dir: string
  before(async () => {
    sim = await startSimulator({ users: 0, contacts: 20_000, now: NOW, latencyMs: 3 })
    dir = await mkdtemp(join(tmpdir(), 'intercom-rx-resume-'))
  })
  after(async () => {
    await sim.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('killed with SIGKILL at three points of 20,000 contacts and resumed, writes each contact exactly once', async function () {
    this.timeout(120_000)
    const env = { INTERCOM_BASE_URL: sim.url, INTERCOM_ACCESS_TOKEN: sim.token }
    const output = join(dir, 'contacts.ndjson')
    const args = ['contacts', '--per-page', '150', '--checkpoint', join(dir, 'export.json')]
    // Points of the export at which to kill (fractions of the full file), drawn once and printed.
    const points = [0.1, 0.2, 0.3].map((base) => base + Math.random() * 0.25)
    const full = 20_000 * 1_000 // a lower bound on the file's size, about 1.3 KB a contact
    for (const point of points) {
      const { signal } = await killedAt(output, point * full, args, env)
      expect(signal, `the run to kill at ${point.toFixed(3)} ended by itself`).to.equal('SIGKILL')
    }
    const last = await appendingTo(output, args, env)
    const { code, stderr } = await last.exited
    expect(code, stderr).to.equal(0)
    const text = await readFile(output, 'utf8')
    expect(text.endsWith('\n')).to.equal(true)
    const ids = text
      .split('\n')
      .filter((l) => l.length > 0)
      .map((l) => (JSON.parse(l) as { id: string }).id)
    expect(ids.length, `killed at ${points.map((p) => p.toFixed(3)).join(', ')} of the file`).to.equal(20_000)
    expect(new Set(ids).size).to.equal(20_000)
    expect(new Set(ids)).to.deep.equal(new Set(sim.contacts.map((c) => c.id)))
    // Run again: the checkpoint says the export is complete, and nothing is appended.
    const again = await appendingTo(output, args, env)
    const rerun = await again.exited
    expect(rerun.code).to.equal(0)
    expect(rerun.stderr).to.contain('the checkpoint says this export is complete')
    expect((await readFile(output, 'utf8')).length).to.equal(text.length)
  })
})

describe('intercom-users contacts --checkpoint (the parallel export resumed, spawned)', () => {
  let sim: Simulator
  let dir: string
  const N = 12_000
  before(async () => {
    // A dense day (walked by its cursor, so a kill can leave it open) in a zone half an hour off UTC.
    const seeded = generateContacts(N, 29, NOW).map((c, i): SimContact =>
      i < 1_500 ? { ...c, created_at: NOW - 40 * 86_400 + 7 * i } : c,
    )
    sim = await startSimulator({ users: 0, contacts: seeded, now: NOW, latencyMs: 3, timeZone: 'Asia/Kolkata' })
    dir = await mkdtemp(join(tmpdir(), 'intercom-rx-resume-ranges-'))
  })
  after(async () => {
    await sim.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('killed with SIGKILL at three random points and resumed: each contact exactly once, in created_at order', async function () {
    this.timeout(120_000)
    const env = { INTERCOM_BASE_URL: sim.url, INTERCOM_ACCESS_TOKEN: sim.token }
    const output = join(dir, 'contacts.ndjson')
    const checkpoint = join(dir, 'export.json')
    const args = ['contacts', '--checkpoint', checkpoint]
    const points = [0.1, 0.3, 0.5].map((base) => base + Math.random() * 0.2)
    const saved: string[] = []
    for (const point of points) {
      const { signal } = await killedAt(output, point * N * 1_000, args, env)
      expect(signal, `the run to kill at ${point.toFixed(3)} ended by itself`).to.equal('SIGKILL')
      saved.push(await readFile(checkpoint, 'utf8'))
    }
    const last = await (await appendingTo(output, args, env)).exited
    expect(last.code, last.stderr).to.equal(0)
    expect(last.stderr).to.contain('via a parallel export')
    const text = await readFile(output, 'utf8')
    const records = text
      .split('\n')
      .filter((l) => l.length > 0)
      .map((l) => JSON.parse(l) as { id: string; created_at: number })
    const where = `killed at ${points.map((p) => p.toFixed(3)).join(', ')} of the file; checkpoints ${saved.join(' ')}`
    expect(records.length, where).to.equal(N)
    expect(new Set(records.map((r) => r.id))).to.deep.equal(new Set(sim.contacts.map((c) => c.id)))
    expect(
      records.every((r, i) => i === 0 || (records[i - 1]?.created_at ?? 0) <= r.created_at),
      where,
    ).to.equal(true)
    // Every checkpoint saved is of the parallel export, with a position.
    for (const json of saved) expect(JSON.parse(json)).to.include({ kind: 'ranges', complete: false })
    const rerun = await (await appendingTo(output, args, env)).exited
    expect(rerun.stderr).to.contain('the checkpoint says this export is complete')
    // A checkpoint of the parallel export is not resumed by --sequential, nor the other way.
    const sequential = await cli([...args, '--sequential'], env)
    expect(sequential.code).to.equal(7)
    expect(sequential.stderr).to.contain(
      'is of a parallel contacts export (the default); resume it without --sequential',
    )
    const other = join(dir, 'sequential.json')
    await writeFile(other, JSON.stringify({ kind: 'export', startingAfter: 'abc' }))
    const parallel = await cli(['contacts', '--checkpoint', other], env)
    expect(parallel.code).to.equal(7)
    expect(parallel.stderr).to.contain('is of a --sequential contacts export; resume it with --sequential')
  })
})

describe('intercom-users --checkpoint (a resumable users export, spawned)', () => {
  let sim: Simulator
  let dir: string
  let env: Record<string, string>
  beforeEach(async () => {
    sim = await startSimulator({ users: 6_000, now: NOW, latencyMs: 2, scrollExpiryMs: 1_000 })
    dir = await mkdtemp(join(tmpdir(), 'intercom-rx-resume-users-'))
    env = { INTERCOM_BASE_URL: sim.url, INTERCOM_ACCESS_TOKEN: sim.token }
  })
  afterEach(async () => {
    await sim.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('List Users: killed three times while users are created and deleted, each surviving user is written exactly once', async function () {
    this.timeout(120_000)
    const output = join(dir, 'users.ndjson')
    const args = ['--per-page', '50', '--concurrency', '4', '--checkpoint', join(dir, 'users.json')]
    const original = sim.users.map((u) => u.id)
    const deleted = new Set<string>()
    const points = [0.15, 0.35, 0.55].map((base) => base + Math.random() * 0.15)
    for (const point of points) {
      const { signal } = await killedAt(output, point * 6_000 * 600, args, env)
      expect(signal, `the run to kill at ${point.toFixed(3)} ended by itself`).to.equal('SIGKILL')
      // Between runs the listing shifts both ways: newer users on top, and written ones deleted.
      sim.createUsers(40)
      const written = await wholeLineIdsIn(output)
      const gone = written.filter((id) => !deleted.has(id)).slice(0, 90)
      for (const id of gone) deleted.add(id)
      sim.deleteUsers(gone)
    }
    const last = await appendingTo(output, args, env)
    const { code, stderr } = await last.exited
    expect(code, stderr).to.equal(0)
    const ids = await idsIn(output)
    const why = `killed at ${points.map((p) => p.toFixed(3)).join(', ')} of the file`
    expect(new Set(ids).size, why).to.equal(ids.length)
    const kept = new Set(ids)
    expect(
      original.filter((id) => !deleted.has(id) && !kept.has(id)),
      why,
    ).to.deep.equal([])
    const again = await appendingTo(output, args, env)
    const rerun = await again.exited
    expect(rerun.code).to.equal(0)
    expect(rerun.stderr).to.contain('the checkpoint says this export is complete')
    expect(await idsIn(output)).to.have.length(ids.length)
  })

  it('List Users: resumes at the last page written, and steps back a page while deletions moved the listing up past it', async function () {
    this.timeout(60_000)
    const full = join(dir, 'full.ndjson')
    const first = await appendingTo(full, ['--per-page', '50', '--limit', '500'], env)
    expect((await first.exited).code).to.equal(0)
    // A checkpoint as a run killed after page 10 leaves it: 500 users out, their ids in the sidecar.
    const written = await idsIn(full)
    const checkpoint = join(dir, 'users.json')
    const output = join(dir, 'users.ndjson')
    const text = await readFile(full, 'utf8')
    await writeFile(output, text)
    const sidecar = written.map((id) => `${JSON.stringify(id)}\n`).join('')
    await writeFile(`${checkpoint}.ids`, sidecar)
    const saved = { kind: 'users', read: 'list', page: 10, complete: false, idsBytes: sidecar.length }
    await writeFile(checkpoint, JSON.stringify({ ...saved, outputBytes: text.length }))
    // 120 written users deleted and 30 created: page 10 now starts 90 users later, past what was written.
    const original = sim.users.map((u) => u.id)
    const deleted = new Set(written.slice(100, 220))
    sim.deleteUsers(deleted)
    sim.createUsers(30)
    const before = sim.requests.length
    const resumed = await appendingTo(output, ['--per-page', '50', '--checkpoint', checkpoint], env)
    const { code, stderr } = await resumed.exited
    expect(code, stderr).to.equal(0)
    const pages = sim.requests.slice(before, before + 3).map((r) => new URL(r.url, sim.url).searchParams.get('page'))
    expect(pages).to.deep.equal(['10', '9', '9'])
    const ids = await idsIn(output)
    expect(new Set(ids).size).to.equal(ids.length)
    const kept = new Set(ids)
    expect(original.filter((id) => !deleted.has(id) && !kept.has(id))).to.deep.equal([])
  })

  for (const read of ['--scroll', '--all'] as const)
    it(`${read}: a Scroll API cursor cannot be resumed; killed and resumed, the export restarts and writes each user once`, async function () {
      this.timeout(120_000)
      const output = join(dir, 'users.ndjson')
      const args = [read, '--checkpoint', join(dir, 'scroll.json')]
      const point = 0.3 + Math.random() * 0.3
      const { signal } = await killedAt(output, point * 6_000 * 600, args, env)
      expect(signal).to.equal('SIGKILL')
      const before = { scrolls: sim.scrollsOpened(), requests: sim.requests.length }
      const last = await appendingTo(output, args, env)
      const { code, stderr } = await last.exited
      expect(code, stderr).to.equal(0)
      if (read === '--scroll') expect(sim.scrollsOpened(), 'a new scroll from the start').to.equal(before.scrolls + 1)
      else
        expect(new URL(sim.requests[before.requests]?.url ?? '', sim.url).searchParams.get('page') ?? '1').to.equal('1')
      const ids = await idsIn(output)
      expect(ids, `killed at ${point.toFixed(3)}`).to.have.length(6_000)
      expect(new Set(ids)).to.deep.equal(new Set(sim.users.map((u) => u.id)))
    })

  it('refuses a checkpoint of another export: exit 7 (the checkpoint does not fit), nothing sent', async () => {
    const checkpoint = join(dir, 'scroll.json')
    await writeFile(
      checkpoint,
      JSON.stringify({ kind: 'users', read: 'scroll', page: 0, complete: false, idsBytes: 0 }),
    )
    const run = await cli(['--checkpoint', checkpoint], env)
    expect(run.code).to.equal(7)
    expect(run.stderr).to.contain('is of a --scroll export; resume it the same way')
    const contacts = await cli(['contacts', '--checkpoint', checkpoint], env)
    expect(contacts.code).to.equal(7)
    expect(contacts.stderr).to.contain('is not one of a contacts export')
    expect(sim.requests).to.have.length(0)
  })
})
