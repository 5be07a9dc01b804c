// The library on other runtimes: Bun and Deno each run a listing script against the simulator
// (which runs here, under Node), importing the package as a user would, from a project that
// installed the packed tarball. The script lists 1,000 users with take, scrolls them all, meets a
// wrong token and unsubscribes mid-request; this side checks what it printed and what the
// simulators saw. Called by pack-smoke.mjs with that project's folder.
import { execFile } from 'node:child_process'
import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const root = fileURLToPath(new URL('..', import.meta.url))

const SCRIPT = `import { createClient, listUsers, scrollUsers } from 'intercom-rx'
import { lastValueFrom, take, toArray } from 'rxjs'

const env = (name) => globalThis.Deno?.env.get(name) ?? globalThis.process?.env[name]
const client = createClient({ token: env('SIM_TOKEN'), baseUrl: env('SIM_URL') })
const listed = await lastValueFrom(listUsers(client, { perPage: 60 }).pipe(take(1000), toArray()))
const scrolled = await lastValueFrom(scrollUsers(client).pipe(toArray()))
let errorTag = 'none'
try {
  await lastValueFrom(listUsers(createClient({ token: 'wrong', baseUrl: env('SIM_URL') })))
} catch (e) {
  errorTag = e._tag
}
// Unsubscribe while the (slow) request is in flight: the runtime's fetch must abort it.
const slow = createClient({ token: env('SIM_TOKEN'), baseUrl: env('SLOW_URL') })
const subscription = listUsers(slow).subscribe()
await new Promise((resolve) => setTimeout(resolve, 150))
subscription.unsubscribe()
await new Promise((resolve) => setTimeout(resolve, 150))
console.log(JSON.stringify({
  listed: listed.length,
  distinct: new Set(listed.map((u) => u.id)).size,
  scrolled: new Set(scrolled.map((u) => u.id)).size,
  errorTag,
}))
`

const modules = join(root, 'node_modules')

/**
 * Bun's binary, from its platform package (`@oven/bun-linux-x64`, ...): the `bun` package's own
 * bin is a placeholder until its install script runs, and install scripts are not run here.
 */
const bunBinary = () => {
  const arch = process.arch === 'arm64' ? 'aarch64' : process.arch
  const prefix = `bun-${process.platform}-${arch}`
  const oven = join(modules, '@oven')
  const found = existsSync(oven)
    ? readdirSync(oven)
        .filter((d) => d.startsWith(prefix))
        .sort((x, y) => x.length - y.length)
        .map((d) => join(oven, d, 'bin', 'bun'))
        .find((f) => existsSync(f))
    : undefined
  return found ?? join(modules, '.bin', 'bun')
}

/** The runtimes to check: each a binary from the npm registry, installed as a devDependency. */
const RUNTIMES = [
  { name: 'bun', bin: bunBinary, args: (file) => ['run', file], version: ['--version'] },
  {
    name: 'deno',
    // Deno's bin is a Node shim that finds the binary of its platform package.
    bin: () => join(modules, '.bin', 'deno'),
    args: (file) => ['run', '--allow-net', '--allow-env', '--allow-read', file],
    version: ['--version'],
  },
]

/** Runs the listing script under Bun and Deno in `work` (a project with the tarball installed). */
export const checkRuntimes = async (work, check) => {
  const { startSimulator } = await import(join(root, 'dist/simulator/index.js'))
  writeFileSync(join(work, 'runtime-check.mjs'), SCRIPT)
  for (const runtime of RUNTIMES) {
    const bin = runtime.bin()
    check(`${runtime.name} is installed from the npm registry (devDependency)`, existsSync(bin))
    const { stdout: version } = await promisify(execFile)(bin, runtime.version)
    const sim = await startSimulator({ users: 1000, seed: 3 })
    const slow = await startSimulator({ users: 100, token: sim.token, latencyMs: 2000 })
    try {
      const { stdout } = await promisify(execFile)(bin, runtime.args('runtime-check.mjs'), {
        cwd: work,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          SIM_URL: sim.url,
          SIM_TOKEN: sim.token,
          SLOW_URL: slow.url,
          NO_COLOR: '1',
        },
        timeout: 120_000,
      })
      const result = JSON.parse(stdout.trim().split('\n').at(-1))
      const label = `${runtime.name} ${/\d+\.\d+\.\d+/.exec(version)?.[0] ?? version.trim()}`
      check(
        `${label}: listUsers with take(1000) gives 1,000 distinct users`,
        result.listed === 1000 && result.distinct === 1000,
      )
      check(`${label}: scrollUsers gives every user of the workspace once`, result.scrolled === sim.users.length)
      check(`${label}: a wrong token fails with Unauthorized`, result.errorTag === 'Unauthorized')
      check(`${label}: unsubscribing aborts the request in flight`, slow.abortedRequests() >= 1)
    } finally {
      await sim.close()
      await slow.close()
    }
  }
}
