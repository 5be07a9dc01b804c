/** Spawning the built command line as a person would, and reading what it wrote. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** The compiled `intercom-users`. */
export const MAIN = fileURLToPath(new URL('../../lib/cli/main.js', import.meta.url))

export interface Run {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Starts `intercom-users args` with only PATH and `env` in its environment. */
export const spawnCli = (
  args: ReadonlyArray<string>,
  env: Record<string, string> = {},
): ChildProcessWithoutNullStreams =>
  spawn(process.execPath, [MAIN, ...args], { env: { PATH: process.env['PATH'] ?? '', ...env } })

/** Waits for a spawned command to end, with all it wrote. */
export const finished = (child: ChildProcessWithoutNullStreams): Promise<Run> =>
  new Promise((resolve, reject) => {
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })

/** Runs `intercom-users args` to its end. */
export const cli = (args: ReadonlyArray<string>, env: Record<string, string> = {}): Promise<Run> => {
  const child = spawnCli(args, env)
  child.stdin.end()
  return finished(child)
}

/** NDJSON lines as objects. */
export const lines = (text: string): Array<Record<string, unknown>> =>
  text
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as Record<string, unknown>)

/** Starts `intercom-users simulate args` and reads its banner. */
export const simulate = async (args: ReadonlyArray<string>) => {
  const child = spawnCli(['simulate', ...args])
  let banner = ''
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      banner += d.toString()
      if (banner.includes('Ctrl-C')) resolve()
    })
    child.on('close', (code) => reject(new Error(`simulate exited with ${code}`)))
  })
  const env = {
    INTERCOM_BASE_URL: /INTERCOM_BASE_URL=(\S+)/.exec(banner)?.[1] ?? '',
    INTERCOM_ACCESS_TOKEN: /INTERCOM_ACCESS_TOKEN=(\S+)/.exec(banner)?.[1] ?? '',
  }
  const stop = (): Promise<number | null> => {
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
    child.kill('SIGINT')
    return exited
  }
  return { banner, env, stop }
}
