/** Spawning the command line with its output in a file, as `>> file` does, and reading that file back. */
import { spawn } from 'node:child_process'
import { open, readFile, stat } from 'node:fs/promises'
import { MAIN } from './cli.js'

export const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/**
 * Runs the command with stdout appended to `file` (as `>> file` does; `'w'`: cut to nothing first,
 * as `> file` does); resolves with its exit code.
 */
export const appendingTo = async (
  file: string,
  args: ReadonlyArray<string>,
  env: Record<string, string>,
  flags: 'a' | 'w' = 'a',
) => {
  const handle = await open(file, flags)
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

/** The ids of an NDJSON output, in order. */
export const idsIn = async (file: string): Promise<string[]> => idsOf(await readFile(file, 'utf8'))

export const idsOf = (text: string): string[] =>
  text
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => (JSON.parse(l) as { id: string }).id)

/** The ids of the whole lines of an output a kill may have left with a torn last line (a resumed run cuts it). */
export const wholeLineIdsIn = async (file: string): Promise<string[]> => {
  const text = await readFile(file, 'utf8')
  return idsOf(text.slice(0, text.lastIndexOf('\n') + 1))
}

/** Runs to `file` and kills the run with SIGKILL once the file holds `bytes`. */
export const killedAt = async (
  file: string,
  bytes: number,
  args: ReadonlyArray<string>,
  env: Record<string, string>,
) => {
  const { child, exited } = await appendingTo(file, args, env)
  const deadline = Date.now() + 30_000
  for (;;) {
    const size = await stat(file).then(
      (s) => s.size,
      () => 0,
    )
    if (size >= bytes || Date.now() > deadline) break
    await pause(2)
  }
  child.kill('SIGKILL')
  return exited
}
