/**
 * This checkout's library against another checkout's, side by side in one run: the same
 * simulator settings, the runs alternating, each client in a process of its own (the bench's
 * `client.js` of each checkout). For a change to the engine: is it slower, or heavier on CPU?
 *
 * npm run build && node build/bench/versus.js <other checkout, built> [runs]
 */
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { startSimulator, type SimulatorOptions } from '../lib/simulator/index.js'

const [other = '', runsArg = '5'] = process.argv.slice(2)
if (other === '') throw new Error('usage: node build/bench/versus.js <other checkout, built> [runs]')
const RUNS = Number(runsArg)
const THIS = fileURLToPath(new URL('./client.js', import.meta.url))
const THAT = join(other, 'build/bench/client.js')

interface Run {
  readonly users: number
  readonly wallMs: number
  readonly cpuUs: number
}

const once = async (client: string, sim: SimulatorOptions, concurrency: number): Promise<Run> => {
  const server = await startSimulator({ defaultApiVersion: '1.4', ...sim })
  try {
    const args = [client, 'library', server.url, server.token, String(concurrency)]
    const { stdout } = await promisify(execFile)(process.execPath, args, { maxBuffer: 1 << 20 })
    return JSON.parse(stdout) as Run
  } finally {
    await server.close()
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0
const spread = (xs: number[]): string => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`

const cases: ReadonlyArray<{ readonly label: string; readonly sim: SimulatorOptions; readonly concurrency: number }> = [
  { label: 'CPU: 10,000 users, no latency, concurrency 1', sim: { users: 10_000, seed: 7 }, concurrency: 1 },
  {
    label: 'wall: 10,000 users at 100 ms, 1,666/10 s, concurrency 8',
    sim: { users: 10_000, seed: 7, latencyMs: 100, rateLimit: { limit: 1_666, windowMs: 10_000 } },
    concurrency: 8,
  },
]

console.log(`this checkout vs ${other}, ${RUNS} runs each, alternating`)
for (const { label, sim, concurrency } of cases) {
  const ours: Run[] = []
  const theirs: Run[] = []
  for (let i = 0; i < RUNS; i++) {
    ours.push(await once(THIS, sim, concurrency))
    theirs.push(await once(THAT, sim, concurrency))
  }
  const cpu = (rs: Run[]): number[] => rs.map((r) => r.cpuUs / r.users)
  const wall = (rs: Run[]): number[] => rs.map((r) => r.wallMs / 1000)
  const ratios = (f: (r: Run) => number): number[] => ours.map((r, i) => f(r) / f(theirs[i]))
  console.log(`\n${label}`)
  console.log(
    `  CPU/user µs: this ${median(cpu(ours)).toFixed(1)} (${spread(cpu(ours))}), other ${median(cpu(theirs)).toFixed(1)} (${spread(cpu(theirs))}); ratio ${median(ratios((r) => r.cpuUs / r.users)).toFixed(2)} (${spread(ratios((r) => r.cpuUs / r.users))})`,
  )
  console.log(
    `  wall s: this ${median(wall(ours)).toFixed(2)} (${spread(wall(ours))}), other ${median(wall(theirs)).toFixed(2)} (${spread(wall(theirs))}); ratio ${median(ratios((r) => r.wallMs)).toFixed(2)} (${spread(ratios((r) => r.wallMs))})`,
  )
}
