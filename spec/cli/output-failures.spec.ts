import { spawn } from 'node:child_process'
import { open } from 'node:fs/promises'
import { expect } from 'chai'
import { startSimulator, type Simulator } from '../../lib/simulator/index.js'
import { MAIN } from '../support/cli.js'
import { NOW } from '../support/simulator.js'

/** Runs the command with stdout on `path` (opened for writing, as `> path` does). */
const writingTo = async (path: string, args: ReadonlyArray<string>, env: Record<string, string>) => {
  const handle = await open(path, 'w')
  try {
    const child = spawn(process.execPath, [MAIN, ...args], {
      env: { PATH: process.env['PATH'] ?? '', ...env },
      stdio: ['ignore', handle.fd, 'pipe'],
    })
    let stderr = ''
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()))
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    return { code, stderr }
  } finally {
    await handle.close()
  }
}

describe('intercom-users: an output that cannot be written (spawned)', () => {
  let sim: Simulator
  before(async () => {
    sim = await startSimulator({ users: 500, contacts: 500, now: NOW })
  })
  after(() => sim.close())

  for (const args of [['contacts'], ['--format', 'csv']]) {
    it(`${args.join(' ')} > /dev/full: one line naming ENOSPC, no stack, exit 8`, async function () {
      this.timeout(20_000)
      const { code, stderr } = await writingTo('/dev/full', args, {
        INTERCOM_BASE_URL: sim.url,
        INTERCOM_ACCESS_TOKEN: sim.token,
      })
      expect(code, stderr).to.equal(8)
      const lines = stderr.trim().split('\n')
      expect(lines, stderr).to.have.length(1)
      expect(lines[0]).to.match(
        /^intercom-users: cannot write the output \(ENOSPC: no space left on device\); stopped\./,
      )
      expect(stderr).not.to.match(/\n\s+at /)
    })
  }
})
