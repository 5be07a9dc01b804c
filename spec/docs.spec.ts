/**
 * Every code example in README.md and docs/ runs here, as written, so the docs cannot rot:
 * - ```ts blocks are type-checked together against the library's types (as `intercom-rx` and
 *   `intercom-rx/simulator`), then each runs as its own program; ```js blocks run as CommonJS
 *   (`require`);
 * - ```sh blocks run in bash with `intercom-users` on the PATH;
 * - a ```text output block right after an example is what it must print (ports normalised);
 * - ```json blocks must parse; ```text blocks (diagrams, signatures, output) are not run.
 * Examples read INTERCOM_ACCESS_TOKEN and INTERCOM_BASE_URL from a simulator started here with
 * the settings their page states for a reader ("The outputs on this page come from
 * `intercom-users simulate …`"), parsed by the command line's own parser: a page that shows an
 * output must state them. The only blocks not run are the repository's own install and test
 * commands, which CI runs.
 */
import { execFile } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { expect } from 'chai'
import ts from 'typescript'
import * as E from 'fp-ts/lib/Either.js'
import { parseCommand } from '../lib/cli/args.js'
import { startSimulator, type Simulator, type SimulatorOptions } from '../lib/simulator/index.js'
import { MAIN } from './support/cli.js'
import { typeErrorsOf } from './support/examples.js'
import { NOW } from './support/simulator.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const LIB = join(ROOT, 'build', 'lib')
const KNOWN_LANGUAGES = ['ts', 'js', 'sh', 'text', 'json'] as const

interface Block {
  readonly doc: string
  /** The simulator the page says its outputs come from (its flags), if it says. */
  readonly settings: string | undefined
  readonly line: number
  readonly lang: string
  readonly info: string
  readonly code: string
  /** The ```text output block that follows it, if any. */
  expected?: string
}

/** How a page states the simulator its outputs come from. */
const STATED = /The\s+outputs\s+on\s+this\s+page\s+come\s+from\s+`intercom-users simulate ([^`]*)`/

/** The simulator a page's statement names, as `intercom-users simulate` reads its flags. */
const simulatorOf = (flags: string): SimulatorOptions => {
  const parsed = parseCommand(['simulate', ...flags.split(/\s+/).filter(Boolean)])
  if (E.isLeft(parsed) || parsed.right.command !== 'simulate') throw new Error(`not a simulator: ${flags}`)
  const c = parsed.right
  return {
    users: c.users,
    contacts: c.contacts,
    seed: c.seed,
    latencyMs: c.latencyMs,
    ...(c.now === undefined ? {} : { now: c.now }),
    ...(c.rateLimit === undefined ? {} : { rateLimit: { limit: c.rateLimit, windowMs: c.windowMs } }),
  }
}

/** The fenced blocks of a Markdown file, indented ones (in lists) included. */
const blocksOf = (doc: string, text: string): Block[] => {
  const blocks: Block[] = []
  const settings = STATED.exec(text)?.[1]
  const fence = /^( *)```(\w*)([^\n]*)\n([\s\S]*?)^\1```[ \t]*$/gm
  for (const m of text.matchAll(fence)) {
    const indent = (m[1] ?? '').length
    const code = (m[4] ?? '')
      .split('\n')
      .map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length)))
      .join('\n')
    const block: Block = {
      doc,
      settings,
      line: text.slice(0, m.index).split('\n').length,
      lang: m[2] ?? '',
      info: (m[3] ?? '').trim(),
      code,
    }
    const previous = blocks.at(-1)
    if (block.lang === 'text' && block.info === 'output' && previous !== undefined) previous.expected = code
    blocks.push(block)
  }
  return blocks
}

/** README.md and every page of docs/, read when the spec loads (mocha needs the tests then). */
const ALL: ReadonlyArray<Block> = [
  join(ROOT, 'README.md'),
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => join(ROOT, 'docs', f)),
].flatMap((doc) => blocksOf(doc, readFileSync(doc, 'utf8')))
const TS = ALL.filter((b) => b.lang === 'ts')
const SH = ALL.filter((b) => b.lang === 'sh')
const JS = ALL.filter((b) => b.lang === 'js')

/** The library's entry points as the built files, for an example run inside the repository. */
const resolved = (code: string): string =>
  code
    .replace(/'intercom-rx\/simulator'/g, `'${join(LIB, 'simulator', 'index.js')}'`)
    .replace(/'intercom-rx\/pages'/g, `'${join(LIB, 'pages.js')}'`)
    .replace(/'intercom-rx'/g, `'${join(LIB, 'index.js')}'`)

/** Lines the examples print that differ from run to run. */
const normalise = (text: string): string =>
  text.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT').replace(/ in \d+\.\d s\b/g, ' in N s')

/** The repository's own install and test commands: CI runs them; a spec cannot. */
const isRepositoryCommand = (code: string): boolean =>
  code
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.trim().startsWith('#'))
    .every((l) => /^npm (ci|install|test|i|pack)\b/.test(l.trim()))

const label = (b: Block): string => `${relative(ROOT, b.doc)}:${b.line}`

describe('docs and README examples (run as written)', function () {
  this.timeout(60_000)
  const run = promisify(execFile)
  /** Where the examples' modules live: inside the repository, so `rxjs` and `fp-ts` resolve. */
  const modules = join(ROOT, 'build', 'doc-examples')
  /** A page that shows no output runs against this one. */
  const UNSTATED = `--users 1200 --contacts 500 --seed 1 --now ${NOW}`
  const sims = new Map<string, Promise<Simulator>>()
  let base: Record<string, string>
  let work: string
  /** The environment of a block: its page's simulator, started once for all pages that state the same. */
  const envOf = async (b: Block): Promise<Record<string, string>> => {
    const flags = b.settings ?? UNSTATED
    if (!sims.has(flags)) sims.set(flags, startSimulator(simulatorOf(flags)))
    const sim = await (sims.get(flags) as Promise<Simulator>)
    return { ...base, INTERCOM_ACCESS_TOKEN: sim.token, INTERCOM_BASE_URL: sim.url }
  }

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'intercom-rx-docs-'))
    const bin = join(work, 'bin')
    await mkdir(bin)
    await writeFile(join(bin, 'intercom-users'), `#!/bin/sh\nexec "${process.execPath}" "${MAIN}" "$@"\n`)
    await chmod(join(bin, 'intercom-users'), 0o755)
    base = { PATH: `${bin}:${process.env['PATH'] ?? ''}`, HOME: work }
    await rm(modules, { recursive: true, force: true })
    await mkdir(modules, { recursive: true })
  })
  after(async () => {
    for (const sim of sims.values()) await (await sim).close()
    await rm(work, { recursive: true, force: true })
  })

  it('every page that shows an output states the simulator it comes from, in flags intercom-users simulate takes', () => {
    // An example that starts its own simulator states it in its code.
    const ownSimulator = (b: Block): boolean => /startSimulator\(|intercom-users simulate /.test(b.code)
    const unstated = ALL.filter((b) => b.expected !== undefined && b.settings === undefined && !ownSimulator(b))
    expect(
      [...new Set(unstated.map((b) => relative(ROOT, b.doc)))],
      'pages with outputs and no statement',
    ).to.deep.equal([])
    for (const flags of new Set(ALL.flatMap((b) => (b.settings === undefined ? [] : [b.settings]))))
      expect(() => simulatorOf(flags), flags).not.to.throw()
  })

  it('every fenced block names its language: ts, sh, text or json', () => {
    const unnamed = ALL.filter((b) => !(KNOWN_LANGUAGES as ReadonlyArray<string>).includes(b.lang))
    expect(unnamed.map(label), 'blocks without a known language').to.deep.equal([])
  })

  it('every json block parses', () => {
    for (const b of ALL.filter((x) => x.lang === 'json'))
      expect(() => JSON.parse(b.code) as unknown, label(b)).not.to.throw()
  })

  it('every ts example type-checks against the library (one program, strict)', async () => {
    expect(TS.length).to.be.above(10)
    const files = await Promise.all(
      TS.map(async (b, i) => {
        const file = join(modules, `check-${i}.ts`)
        await writeFile(file, `// ${label(b)}\n${b.code}`)
        return file
      }),
    )
    const problems = typeErrorsOf(files).map((d) => {
      const where =
        d.file === undefined
          ? ''
          : `${d.file.text.split('\n')[0]?.slice(3)} (+${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line} lines): `
      return where + ts.flattenDiagnosticMessageText(d.messageText, '\n')
    })
    expect(problems).to.deep.equal([])
  })

  for (const [i, b] of TS.entries()) {
    it(`runs the ts example at ${label(b)}${b.expected === undefined ? '' : ' and prints its output block'}`, async () => {
      const js = ts.transpileModule(b.code, {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      }).outputText
      const file = join(modules, `run-${i}.mjs`)
      await writeFile(file, resolved(js))
      const { stdout } = await run(process.execPath, [file], { cwd: work, env: await envOf(b), timeout: 50_000 }).catch(
        (e: { stderr?: string; message?: string }) => {
          throw new Error(`${label(b)} failed: ${e.stderr ?? e.message ?? 'no output'}`)
        },
      )
      if (b.expected !== undefined) expect(normalise(stdout)).to.equal(normalise(b.expected))
    })
  }

  for (const [i, b] of JS.entries()) {
    it(`runs the js example at ${label(b)} as CommonJS${b.expected === undefined ? '' : ' and prints its output block'}`, async () => {
      expect(b.code).to.match(/require\('intercom-rx'\)/)
      const file = join(modules, `run-${i}.cjs`)
      await writeFile(file, resolved(b.code))
      const { stdout } = await run(process.execPath, [file], { cwd: work, env: await envOf(b), timeout: 50_000 }).catch(
        (e: { stderr?: string; message?: string }) => {
          throw new Error(`${label(b)} failed: ${e.stderr ?? e.message ?? 'no output'}`)
        },
      )
      if (b.expected !== undefined) expect(normalise(stdout)).to.equal(normalise(b.expected))
    })
  }

  for (const b of SH.filter((x) => !isRepositoryCommand(x.code))) {
    it(`runs the sh example at ${label(b)}${b.expected === undefined ? '' : ' and prints its output block'}`, async () => {
      const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', b.code], {
        cwd: work,
        env: await envOf(b),
        timeout: 50_000,
      }).catch((e: { stderr?: string; message?: string }) => {
        throw new Error(`${label(b)} failed: ${e.stderr ?? e.message ?? 'no output'}`)
      })
      if (b.expected !== undefined) expect(normalise(stdout)).to.equal(normalise(b.expected))
    })
  }

  it('the only blocks not run are the repository commands that CI runs (npm ci, install, test, pack)', () => {
    expect(SH.length).to.be.above(3)
    for (const b of SH.filter((x) => isRepositoryCommand(x.code)))
      expect(b.code, label(b)).to.match(/^npm (ci|install|test|pack)/m)
  })
})
