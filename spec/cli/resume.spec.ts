import { spawn } from 'node:child_process'
import { mkdtemp, open, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import { startSimulator, type Simulator } from '../../lib/simulator/index.js'
import { MAIN } from '../support/cli.js'
import { NOW } from '../support/simulator.js'

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** Runs the command with stdout appended to `file` (as `>> file` does); resolves with its exit code. */
const appendingTo = async (file: string, args: ReadonlyArray<string>, env: Record<string, string>) => {
  const handle = await open(file, 'a')
  const child = spawn(process.execPath, [MAIN, ...args], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', handle.fd, 'pipe'],
  })
  let stderr = ''
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()))
  const exited = new Promise<{ code: number | null; signal: string | null; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stderr })),
  )
  return { child, exited: exited.finally(() => handle.close()) }
}

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
      const { child, exited } = await appendingTo(output, args, env)
      const deadline = Date.now() + 30_000
      for (;;) {
        const size = await stat(output).then(
          (s) => s.size,
          () => 0,
        )
        if (size >= point * full || Date.now() > deadline) break
        await pause(2)
      }
      child.kill('SIGKILL')
      const { signal } = await exited
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
