/**
 * The layout's rules, read from the sources: imports run one way (resources use core, transport
 * and paging, never the reverse; operators use core only; the command line and the simulator use
 * only the public entry points), nothing below them imports a Node-only module, no file is over
 * 250 lines, every page is read by the one kernel, and one function builds `InvalidParams`.
 */
import { expect } from 'chai'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
const LIB = join(ROOT, 'lib')

const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? walk(path) : path.endsWith('.ts') ? [path] : []
  })

/** Every source of lib/ by its path from lib/ (`users/list-users.ts`), with its text. */
const SOURCES = new Map(walk(LIB).map((path) => [relative(LIB, path), readFileSync(path, 'utf8')]))

/** The imports of a source: relative ones resolved to paths from lib/, others as written. */
/** What a file imports (static, dynamic and re-exports), as TypeScript reads it: an import in a comment is none. */
const importsOf = (file: string): string[] =>
  ts
    .preProcessFile(SOURCES.get(file) ?? '', true, true)
    .importedFiles.map(({ fileName: spec }) =>
      spec.startsWith('.') ? relative(LIB, resolve(LIB, dirname(file), spec)).replace(/\.js$/, '.ts') : spec,
    )

/** The part of lib/ a file belongs to: its folder, or the entry point it is. */
const partOf = (file: string): string => (file.includes('/') ? (file.split('/')[0] ?? '') : file)

const ENTRIES = ['index.ts', 'pages.ts', 'node.ts', 'simulator/index.ts']

/** What each part may import besides itself. */
const ALLOWED: Readonly<Record<string, ReadonlyArray<string>>> = {
  core: ['transport'],
  transport: ['core'],
  paging: ['core', 'transport'],
  users: ['core', 'transport', 'paging'],
  contacts: ['core', 'transport', 'paging'],
  operators: ['core', 'paging'],
}

describe('the layout of lib/', () => {
  it('has sources to check', () => {
    expect(SOURCES.size).to.be.greaterThan(50)
  })

  it('imports one way: resources never import the CLI, the simulator, operators or each other', () => {
    const wrong: string[] = []
    for (const file of SOURCES.keys()) {
      const part = partOf(file)
      const allowed = ALLOWED[part]
      if (allowed === undefined) continue
      for (const target of importsOf(file).filter((t) => SOURCES.has(t))) {
        const theirs = partOf(target)
        if (theirs !== part && !allowed.includes(theirs)) wrong.push(`${file} -> ${target}`)
      }
    }
    expect(wrong).to.deep.equal([])
  })

  it('lets the command line and the simulator use only the public entry points', () => {
    const wrong: string[] = []
    for (const file of SOURCES.keys()) {
      const part = partOf(file)
      if (part !== 'cli' && part !== 'simulator') continue
      for (const target of importsOf(file).filter((t) => SOURCES.has(t)))
        if (partOf(target) !== part && !ENTRIES.includes(target)) wrong.push(`${file} -> ${target}`)
    }
    expect(wrong).to.deep.equal([])
  })

  it('keeps Node-only modules out of what a browser bundle reaches', () => {
    const nodeOnly = (spec: string): boolean => spec.startsWith('node:')
    const wrong = [...SOURCES.keys()]
      .filter((file) => !['cli', 'simulator', 'node.ts'].includes(partOf(file)) && file !== 'transport/node-http.ts')
      .flatMap((file) =>
        importsOf(file)
          .filter(nodeOnly)
          .map((spec) => `${file} -> ${spec}`),
      )
    expect(wrong).to.deep.equal([])
  })

  it('has no import cycle between files', () => {
    const state = new Map<string, 'visiting' | 'done'>()
    const cycles: string[] = []
    const visit = (file: string, trail: string[]): void => {
      if (state.get(file) === 'done') return
      if (state.get(file) === 'visiting') return void cycles.push([...trail, file].join(' -> '))
      state.set(file, 'visiting')
      for (const target of importsOf(file).filter((t) => SOURCES.has(t))) visit(target, [...trail, file])
      state.set(file, 'done')
    }
    for (const file of SOURCES.keys()) visit(file, [])
    expect(cycles).to.deep.equal([])
  })

  it('has no file over 250 lines', () => {
    const long = [...SOURCES].filter(([, text]) => text.split('\n').length > 251).map(([file]) => file)
    expect(long).to.deep.equal([])
  })

  it('reads pages in one place, and builds InvalidParams in one', () => {
    const sending = [...SOURCES].filter(([, text]) => /\bsendRequest\(/.test(text)).map(([file]) => file)
    expect(sending.sort()).to.deep.equal(['core/read-page.ts', 'transport/send.ts'])
    const building = [...SOURCES]
      .filter(([, text]) => /new IntercomError\('InvalidParams'|intercomError\(\s*'InvalidParams'/.test(text))
      .map(([file]) => file)
    expect(building).to.deep.equal(['core/validate.ts'])
  })
})
