#!/usr/bin/env node
// The tarball smoke test: pack the package as npm would publish it, install the tarball into a
// new project in a temporary folder, and use it there as a user would: ESM import (and a real
// listing against the packaged simulator), require(), tsc against the shipped types, and the
// bin through npx; then the same package under Bun and Deno (runtimes.mjs). Exits non-zero on the
// first thing that does not work.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { checkRuntimes } from './runtimes.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const work = mkdtempSync(join(tmpdir(), 'intercom-rx-pack-'))
const run = (command, args, cwd = work) => {
  console.log(`$ ${command} ${args.join(' ')}`)
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
}
const check = (what, ok) => {
  if (!ok) throw new Error(`pack smoke test: ${what}`)
  console.log(`ok - ${what}`)
}

try {
  const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], root))
  const files = packed.files.map((f) => f.path)
  check(
    `the tarball holds the built code and types (${files.length} files)`,
    files.includes('dist/index.js') && files.includes('dist/index.d.ts') && files.includes('dist/simulator/index.d.ts'),
  )
  check(
    'the tarball holds README.md, LICENSE and package.json',
    ['README.md', 'LICENSE', 'package.json'].every((f) => files.includes(f)),
  )
  check(
    'the tarball holds no specs, sources, benchmarks or docs build',
    files.every((f) => !/^(spec|lib|bench|build|docs|\.ci)\//.test(f) && !/\.ts$/.test(f.replace(/\.d\.ts$/, ''))),
  )

  writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }))
  const typescript = JSON.parse(readFileSync(join(root, 'node_modules/typescript/package.json'), 'utf8')).version
  const typesNode = JSON.parse(readFileSync(join(root, 'node_modules/@types/node/package.json'), 'utf8')).version
  run('npm', [
    'install',
    '--no-audit',
    '--no-fund',
    '--prefer-offline',
    join(work, packed.filename),
    `typescript@${typescript}`,
    `@types/node@${typesNode}`,
    // An app that has rxjs of its own: rxjs, io-ts and fp-ts are peer dependencies, so it keeps one copy.
    `rxjs@${pkg.devDependencies.rxjs}`,
  ])
  const copies = new Set(
    run('npm', ['ls', 'rxjs', '--all', '--parseable'])
      .split('\n')
      .filter((line) => line.trim() !== ''),
  )
  check(`one copy of rxjs in an app that has its own (${[...copies].join(', ')})`, copies.size === 1)

  writeFileSync(
    join(work, 'esm.mjs'),
    `import { createClient, listUsers, isIntercomError } from 'intercom-rx'
import { nodeHttpFetch } from 'intercom-rx/node'
import { startSimulator } from 'intercom-rx/simulator'
import { lastValueFrom, toArray } from 'rxjs'
const sim = await startSimulator({ users: 130 })
try {
  const users = await lastValueFrom(listUsers(createClient({ token: sim.token, baseUrl: sim.url }), { perPage: 60 }).pipe(toArray()))
  const overHttp = await lastValueFrom(listUsers(createClient({ token: sim.token, baseUrl: sim.url, fetch: nodeHttpFetch }), { perPage: 60 }).pipe(toArray()))
  if (overHttp.length !== users.length) throw new Error('intercom-rx/node listed ' + overHttp.length)
  console.log(users.length, new Set(users.map((u) => u.id)).size, typeof isIntercomError)
} finally {
  await sim.close()
}
`,
  )
  check(
    'ESM: import from intercom-rx, intercom-rx/node and intercom-rx/simulator, and list 130 users (with nodeHttpFetch too)',
    run('node', ['esm.mjs']).trim() === '130 130 function',
  )

  const cjs = run('node', [
    '-e',
    "const m = require('intercom-rx'); console.log(typeof m.listUsers, typeof m.createClient, m.VERSION)",
  ]).trim()
  check(
    `CommonJS: require('intercom-rx') (Node ${process.versions.node}, require of ES modules)`,
    cjs === `function function ${pkg.version}`,
  )

  writeFileSync(
    join(work, 'consumer.ts'),
    `import { createClient, listUsers, type IntercomError, type User } from 'intercom-rx'
import { validateParams } from 'intercom-rx/pages'
import { startSimulator, type Simulator } from 'intercom-rx/simulator'
import * as E from 'fp-ts/lib/Either.js'

const sim: Simulator = await startSimulator({ users: 3 })
const client = createClient({ token: sim.token, baseUrl: sim.url })
const emails: Array<string | null | undefined> = []
listUsers(client, { perPage: 10, order: 'asc' }).subscribe({
  next: (u: User) => void emails.push(u.email),
  error: (e: IntercomError) => console.error(e._tag),
  complete: () => void sim.close(),
})
const checked = validateParams({ email: 'a@b.c' })
if (E.isLeft(checked)) console.error(checked.left._tag)
// @ts-expect-error perPage is a number: the shipped types must refuse a string
listUsers(client, { perPage: '10' })
// @ts-expect-error email and phone cannot be combined
listUsers(client, { email: 'a@b.c', phone: '+1' })
`,
  )
  writeFileSync(
    join(work, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        types: ['node'],
      },
      files: ['consumer.ts'],
    }),
  )
  run(join(work, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'])
  check('tsc type-checks a consumer against the shipped types (and they refuse wrong calls)', true)

  const help = run('npx', ['--no-install', 'intercom-users', '--help'])
  check('npx intercom-users --help runs', help.includes('Usage') && help.includes('--format FORMAT'))
  check(
    'npx intercom-users --version prints the package version',
    run('npx', ['--no-install', 'intercom-users', '--version']).trim() === pkg.version,
  )
  await checkRuntimes(work, check)
  console.log('pack smoke test passed')
} finally {
  rmSync(work, { recursive: true, force: true })
}
