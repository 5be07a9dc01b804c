import { copyFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import { startSimulator, type Simulator } from '../../lib/simulator/index.js'
import { cli } from '../support/cli.js'
import { appendingTo, idsIn, killedAt, pause } from '../support/output-file.js'
import { NOW } from '../support/simulator.js'

const CONTACTS = 3_000
/** About a third of the export's NDJSON (a contact is about 1.3 KB). */
const A_THIRD = CONTACTS * 400

describe('intercom-users --checkpoint: a checkpoint cannot lose an export (spawned)', () => {
  let sim: Simulator
  let dir: string
  let env: Record<string, string>
  let output: string
  let checkpoint: string
  let args: string[]
  beforeEach(async () => {
    sim = await startSimulator({ users: 0, contacts: CONTACTS, now: NOW, latencyMs: 5 })
    dir = await mkdtemp(join(tmpdir(), 'intercom-rx-guard-'))
    env = { INTERCOM_BASE_URL: sim.url, INTERCOM_ACCESS_TOKEN: sim.token }
    output = join(dir, 'contacts.ndjson')
    checkpoint = join(dir, 'export.json')
    args = ['contacts', '--per-page', '50', '--checkpoint', checkpoint]
  })
  afterEach(async () => {
    await sim.close()
    await rm(dir, { recursive: true, force: true })
  })

  /** An export killed with SIGKILL a third of the way; what its checkpoint and output hold then. */
  const interrupted = async () => {
    const { signal } = await killedAt(output, A_THIRD, args, env)
    expect(signal, 'the export ended before it could be killed').to.equal('SIGKILL')
    return { saved: await readFile(checkpoint, 'utf8'), written: await readFile(output, 'utf8') }
  }

  const wantAll = (): string[] => sim.contacts.map((c) => c.id).sort()

  it('resumed with > (the output cut to nothing): refused with exit 7, nothing written, the checkpoint unchanged; restored and resumed with >>, each contact once', async function () {
    this.timeout(60_000)
    const { saved, written } = await interrupted()
    await writeFile(join(dir, 'backup.ndjson'), written)
    const cut = await appendingTo(output, args, env, 'w')
    const refused = await cut.exited
    expect(refused.code, refused.stderr).to.equal(7)
    expect(refused.stderr).to.match(
      /the output holds 0 bytes, less than the \d+ the checkpoint .* saw written: it was cut/,
    )
    expect((await stat(output)).size).to.equal(0)
    expect(await readFile(checkpoint, 'utf8')).to.equal(saved)
    // The file restored (the same file, as `cp backup file` leaves it): the export goes on.
    await copyFile(join(dir, 'backup.ndjson'), output)
    const resumed = await (await appendingTo(output, args, env)).exited
    expect(resumed.code, resumed.stderr).to.equal(0)
    const ids = await idsIn(output)
    expect(ids).to.have.length(CONTACTS)
    expect([...ids].sort()).to.deep.equal(wantAll())
  })

  it('resumed with another filter, or into another file: refused with exit 7, both files and the checkpoint as they were', async function () {
    this.timeout(60_000)
    const { saved, written } = await interrupted()
    const other = join(dir, 'other.ndjson')
    const otherLines = Array.from({ length: 1_000 }, (_, i) => `{"line":${i}}\n`).join('')
    await writeFile(other, otherLines)
    const byRole = await (await appendingTo(output, [...args, '--role', 'lead'], env)).exited
    expect(byRole.code, byRole.stderr).to.equal(7)
    expect(byRole.stderr).to.contain('belongs to another request (role was (not given) there, "lead" here)')
    const elsewhere = await (await appendingTo(other, args, env)).exited
    expect(elsewhere.code, elsewhere.stderr).to.equal(7)
    expect(elsewhere.stderr).to.contain('belongs to another output file')
    expect(await readFile(other, 'utf8')).to.equal(otherLines)
    expect(await readFile(output, 'utf8')).to.equal(written)
    expect(await readFile(checkpoint, 'utf8')).to.equal(saved)
  })

  it('two processes on one checkpoint: the second refuses; SIGKILL of the first leaves no stuck lock', async function () {
    this.timeout(60_000)
    await sim.close()
    sim = await startSimulator({ users: 0, contacts: CONTACTS, now: NOW, latencyMs: 40 })
    env = { INTERCOM_BASE_URL: sim.url, INTERCOM_ACCESS_TOKEN: sim.token }
    const first = await appendingTo(output, args, env)
    // Running: it has written its first page.
    for (let i = 0; i < 500 && ((await stat(output).catch(() => undefined))?.size ?? 0) === 0; i++) await pause(10)
    const second = await (await appendingTo(join(dir, 'second.ndjson'), args, env)).exited
    expect(second.code, second.stderr).to.equal(7)
    expect(second.stderr).to.contain(`is in use by another intercom-users (pid ${first.child.pid ?? '?'})`)
    first.child.kill('SIGKILL')
    expect((await first.exited).signal).to.equal('SIGKILL')
    const third = await (await appendingTo(output, args, env)).exited
    expect(third.code, third.stderr).to.equal(0)
    const ids = await idsIn(output)
    expect(ids).to.have.length(CONTACTS)
    expect([...ids].sort()).to.deep.equal(wantAll())
  })

  it('resumed to a pipe, says that its reader must keep the earlier output; a pipe export resumed into a file is refused', async function () {
    this.timeout(60_000)
    const piped = await cli([...args, '--limit', '120'], env)
    expect(piped.code, piped.stderr).to.equal(0)
    const again = await cli([...args, '--limit', '120'], env)
    expect(again.code, again.stderr).to.equal(0)
    expect(again.stderr).to.contain('its reader must keep what the earlier run wrote')
    const toFile = await (await appendingTo(output, args, env)).exited
    expect(toFile.code, toFile.stderr).to.equal(7)
    expect(toFile.stderr).to.contain('written with the output to a pipe')
  })

  it('a --follow checkpoint of contacts given to the users --follow is refused', async function () {
    this.timeout(30_000)
    await writeFile(
      checkpoint,
      JSON.stringify({
        kind: 'changes',
        watermark: { updatedAt: NOW - 60, ids: [] },
        output: { kind: 'stream' },
        request: { subcommand: 'contacts', read: 'contacts', follow: true, params: {}, format: 'ndjson' },
      }),
    )
    const run = await cli(['--follow', '--checkpoint', checkpoint], env)
    expect(run.code, run.stderr).to.equal(7)
    expect(run.stderr).to.contain('belongs to another request (read was "contacts" there, "list" here)')
    expect(sim.requests).to.have.length(0)
  })

  it('a checkpoint in a folder that does not exist is a usage error (exit 2, one line, nothing sent)', async () => {
    const run = await cli(['contacts', '--checkpoint', join(dir, 'missing', 'export.json')], env)
    expect(run.code).to.equal(2)
    expect(run.stderr.trim().split('\n')).to.have.length(1)
    expect(run.stderr).to.contain(`the folder ${join(dir, 'missing')} does not exist`)
    expect(sim.requests).to.have.length(0)
  })
})
