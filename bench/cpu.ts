/**
 * `npm run bench:cpu`: CPU per user of the library against the hand-written loops, alternated
 * run by run in one process (the simulator) with each client in a child of its own, so a busy
 * machine slows them alike. What the CPU row of `npm run bench` measures, with more runs, for
 * measuring a change before and after.
 *
 * BENCH_RUNS=9 node build/bench/cpu.js [variant ...]
 */
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { startSimulator } from '../lib/simulator/index.js'

const CLIENT = fileURLToPath(new URL('./client.js', import.meta.url))
const RUNS = Number(process.env['BENCH_RUNS'] ?? 9)
const USERS = 10_000
const variants =
  process.argv.length > 2
    ? process.argv.slice(2)
    : ['hand', 'hand-cross-fetch', 'library', 'library-cross-fetch', 'library-node-http']

// No rate limit to meet: the hand loops do not wait for a window.
const sim = await startSimulator({
  users: USERS,
  seed: 7,
  defaultApiVersion: '1.4',
  rateLimit: { limit: 1_000_000, windowMs: 10_000 },
})
const perUser: Record<string, number[]> = Object.fromEntries(variants.map((v) => [v, []]))
for (let i = 0; i < RUNS; i++) {
  for (const variant of variants) {
    const { stdout } = await promisify(execFile)(process.execPath, [CLIENT, variant, sim.url, sim.token, '1'])
    const run = JSON.parse(stdout) as { users: number; cpuUs: number }
    if (run.users !== USERS) throw new Error(`${variant} read ${run.users} users`)
    perUser[variant]?.push(run.cpuUs / USERS)
  }
}
await sim.close()
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0
const base = median(perUser[variants[0] ?? ''] ?? [])
for (const variant of variants) {
  const xs = perUser[variant] ?? []
  console.log(
    `${variant.padEnd(22)} ${median(xs).toFixed(1).padStart(6)} µs/user (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})  ×${(median(xs) / base).toFixed(2)} ${variants[0]}`,
  )
}
