/**
 * The doc comments TypeDoc publishes: every public function (of `intercom-rx`, `intercom-rx/pages`,
 * `intercom-rx/node` and `intercom-rx/simulator`) has an `@example`, every `@example` in lib/ is a
 * fenced ```ts block, and every one of them type-checks (strict) against the library, with a
 * prelude that imports the public API and declares the reader's own names (`client`, `save`, …).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect } from 'chai'
import ts from 'typescript'
import { ENTRY_SOURCES, typeErrorsOf } from './support/examples.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const LIB = join(ROOT, 'lib')
const ENTRIES = ENTRY_SOURCES

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  )

interface Example {
  readonly where: string
  /** The example's lines, the comment's ` * ` taken off. */
  readonly text: string
}

/** Every `@example` of every doc comment in a file: its text up to the next tag or the comment's end. */
const examplesOf = (file: string): Example[] => {
  const source = readFileSync(file, 'utf8')
  const examples: Example[] = []
  for (const comment of source.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
    const lines = comment[0]
      .split('\n')
      .slice(1, -1)
      .map((l) => l.replace(/^\s*\* ?/, ''))
    const start = source.slice(0, comment.index).split('\n').length
    lines.forEach((line, i) => {
      if (!/^@example\b/.test(line)) return
      const rest = lines.slice(i + 1)
      const end = rest.findIndex((l) => /^@\w/.test(l))
      examples.push({
        where: `${relative(ROOT, file)}:${start + i + 1}`,
        text: (end < 0 ? rest : rest.slice(0, end)).join('\n').trim(),
      })
    })
  }
  return examples
}

const EXAMPLES = filesUnder(LIB).flatMap(examplesOf)
const FENCED = /^```ts\n([\s\S]*?)\n```$/

/** The public API in scope, and the names an example uses for the reader's own code. */
const PRELUDE = `
import { createClient, listUsers, scrollUsers, allUsers, userChanges, listContacts, searchContacts, allContacts,
  contactChanges, exportContacts, where, and, or, capAt, dedupeById, pace, pullConcatMap, toAsyncIterable, IntercomError,
  isIntercomError, User, UserList, Contact, ContactList, VERSION, type IntercomClient } from 'intercom-rx'
import { listUserPages, scrollUserPages, allUserPages, listContactPages, searchContactPages, validateParams,
  validateContactParams, validateContactQuery, exportContactPages, validateExportPosition, MAX_PER_PAGE, MAX_CONTACTS_PER_PAGE, DEFAULT_PAGE_CAP, IdSet } from 'intercom-rx/pages'
import { startSimulator, generateUsers, generateContacts, compareUsers, compareContacts, listUsersAnswer,
  listContactsAnswer, isKnownApiVersion } from 'intercom-rx/simulator'
import { filter, take, bufferCount, concatMap, map, lastValueFrom, toArray } from 'rxjs'
declare const client: IntercomClient
declare const token: string
declare const saved: number | undefined
declare const savedPosition: string
declare const db: { insert(rows: ReadonlyArray<unknown>): Promise<void>; save(row: unknown): Promise<void> }
declare function save(value: unknown): Promise<void>
declare function saveBatch(values: ReadonlyArray<unknown>): Promise<void>
declare function savePage(page: unknown): Promise<void>
declare function sync(value: unknown, watermark: unknown): void
declare function upsert(value: unknown): Promise<void>
`

/** An example's own imports go first; a name the prelude already imports is not imported twice. */
const moduleOf = (example: Example, code: string): string => {
  const lines = code.split('\n')
  const imports = lines.filter((l) => /^import /.test(l))
  const body = lines.filter((l) => !/^import /.test(l))
  const prelude = PRELUDE.split('\n')
    .filter((l) => !(imports.length > 0 && /^declare const client\b/.test(l)))
    .join('\n')
  return `// ${example.where}\n${imports.join('\n')}\n${prelude}\nexport {}\n;(async () => {\n${body.join('\n')}\n})\n`
}

describe('doc comments (what TypeDoc publishes)', function () {
  this.timeout(60_000)
  const program = ts.createProgram(Object.values(ENTRIES), { strict: true, noEmit: true, skipLibCheck: true })
  const checker = program.getTypeChecker()

  it('every public function has an @example', () => {
    const missing: string[] = []
    for (const [entry, file] of Object.entries(ENTRIES)) {
      const source = program.getSourceFile(file)
      const module = source === undefined ? undefined : checker.getSymbolAtLocation(source)
      expect(module, entry).not.to.equal(undefined)
      for (const exported of checker.getExportsOfModule(module as ts.Symbol)) {
        const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
        const declaration = symbol.valueDeclaration
        if (declaration === undefined) continue
        const isFunction =
          ts.isFunctionDeclaration(declaration) ||
          (ts.isVariableDeclaration(declaration) &&
            declaration.initializer !== undefined &&
            (ts.isArrowFunction(declaration.initializer) || ts.isFunctionExpression(declaration.initializer)))
        if (!isFunction) continue
        const tags = symbol.getJsDocTags(checker).map((t) => t.name)
        if (!tags.includes('example')) missing.push(`${entry}: ${exported.name}`)
      }
    }
    expect(missing, 'public functions without an @example').to.deep.equal([])
  })

  it('every @example in lib/ is one fenced ts block', () => {
    expect(EXAMPLES.length).to.be.above(35)
    const unfenced = EXAMPLES.filter((e) => !FENCED.test(e.text)).map((e) => e.where)
    expect(unfenced, 'examples that are not one ```ts block').to.deep.equal([])
  })

  it('every @example type-checks against the library (strict)', async () => {
    const dir = join(ROOT, 'build', 'doc-comment-examples')
    await rm(dir, { recursive: true, force: true })
    await mkdir(dir, { recursive: true })
    const files = await Promise.all(
      EXAMPLES.map(async (e, i) => {
        const file = join(dir, `example-${i}.ts`)
        await writeFile(file, moduleOf(e, FENCED.exec(e.text)?.[1] ?? e.text))
        return file
      }),
    )
    const problems = typeErrorsOf(files).map(
      (d) => `${d.file?.text.split('\n')[0]?.slice(3)}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
    )
    expect(problems).to.deep.equal([])
  })
})
