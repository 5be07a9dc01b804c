#!/usr/bin/env node
// A newcomer's install, as docs/getting-started.md tells it: pack the package, install the tarball
// with rxjs into an empty ES module project and an empty CommonJS project, and run the page's
// first listing in each (the ts example in the ES module project, the js one in the CommonJS
// project) against the simulator the page states, started from the installed package's own
// `intercom-users simulate`. Fails when the install prints any warning (an install script, a
// deprecated or missing package), or an example fails or prints other than the page's output.
import { execFileSync, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const root = fileURLToPath(new URL('..', import.meta.url))
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const page = readFileSync(join(root, 'docs', 'getting-started.md'), 'utf8')
const work = mkdtempSync(join(tmpdir(), 'intercom-rx-newcomer-'))
const check = (what, ok, detail = '') => {
  if (!ok) throw new Error(`newcomer install: ${what}${detail === '' ? '' : `\n${detail}`}`)
  console.log(`ok - ${what}`)
}

/** The first fenced block of `lang` after `heading`, and the output block right after it. */
const exampleAfter = (heading, lang) => {
  const section = page.slice(page.indexOf(heading))
  const block = new RegExp('```' + lang + '\\n([\\s\\S]*?)\\n```\\n\\n```text output\\n([\\s\\S]*?)\\n```').exec(
    section,
  )
  if (block === null) throw new Error(`newcomer install: no ${lang} example with an output block after ${heading}`)
  return { code: `${block[1]}\n`, output: `${block[2]}\n` }
}
const stated = /The\s+outputs\s+on\s+this\s+page\s+come\s+from\s+`intercom-users simulate ([^`]*)`/.exec(page)?.[1]
if (stated === undefined) throw new Error('newcomer install: getting-started.md states no simulator')

/** Runs a command to its end in `cwd`; stdout and stderr together, and the exit code. */
const run = (command, args, cwd, env = {}) =>
  new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (err += d))
    child.on('close', (code) => resolve({ code, out, err }))
  })

/** The installed package's simulator with the page's settings: its two variables, and how to stop it. */
const simulator = (cwd) =>
  new Promise((resolve, reject) => {
    const child = spawn(join(cwd, 'node_modules', '.bin', 'intercom-users'), ['simulate', ...stated.split(/\s+/)], {
      cwd,
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let text = ''
    child.stdout.on('data', (d) => {
      text += d
      if (!text.includes('Ctrl-C')) return
      const env = Object.fromEntries([...text.matchAll(/^(INTERCOM_[A-Z_]+)=(.*)$/gm)].map((m) => [m[1], m[2]]))
      resolve({ env, stop: () => child.kill('SIGTERM') })
    })
    child.on('exit', (code) => reject(new Error(`the simulator exited (${code}) before it was ready`)))
  })

try {
  const packed = execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8' })
  const tarball = join(work, JSON.parse(packed)[0].filename)
  const esm = exampleAfter('## Your first listing', 'ts')
  const cjs = exampleAfter('## Your first listing', 'js')
  const projects = [
    {
      type: 'module',
      file: 'first.js',
      code: ts.transpileModule(esm.code, {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      }).outputText,
      output: esm.output,
    },
    { type: 'commonjs', file: 'first.js', code: cjs.code, output: cjs.output },
  ]
  for (const project of projects) {
    const dir = join(work, project.type)
    mkdirSync(dir)
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: `newcomer-${project.type}`, private: true, type: project.type }),
    )
    const install = await run(
      'npm',
      ['install', '--no-audit', '--no-fund', tarball, `rxjs@${pkg.devDependencies.rxjs}`],
      dir,
    )
    check(`${project.type}: npm install of the tarball and rxjs succeeds`, install.code === 0, install.err)
    const warnings = `${install.out}\n${install.err}`.split('\n').filter((l) => /\bwarn/i.test(l))
    check(`${project.type}: the install prints no warning`, warnings.length === 0, warnings.join('\n'))
    writeFileSync(join(dir, project.file), project.code)
    const sim = await simulator(dir)
    try {
      const example = await run(process.execPath, [project.file], dir, sim.env)
      check(
        `${project.type}: getting-started's first listing prints the page's output (simulate ${stated})`,
        example.code === 0 && example.out === project.output,
        `exit ${example.code}\nprinted:\n${example.out}${example.err}\nexpected:\n${project.output}`,
      )
    } finally {
      sim.stop()
    }
  }
  console.log('newcomer install passed')
} finally {
  rmSync(work, { recursive: true, force: true })
}
