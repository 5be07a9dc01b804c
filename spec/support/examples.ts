/** Type-checking code examples (of the docs, of the doc comments) against the library, strict. */
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const LIB = fileURLToPath(new URL('../../../lib/', import.meta.url))

/** The public entry points as an app imports them, mapped to their sources. */
export const ENTRY_SOURCES = {
  'intercom-rx': join(LIB, 'index.ts'),
  'intercom-rx/pages': join(LIB, 'pages.ts'),
  'intercom-rx/node': join(LIB, 'node.ts'),
  'intercom-rx/simulator': join(LIB, 'simulator', 'index.ts'),
} as const

/** The diagnostics of `files`, compiled as one strict program over the entry points' sources. */
export const typeErrorsOf = (files: ReadonlyArray<string>): ReadonlyArray<ts.Diagnostic> => {
  const program = ts.createProgram([...files], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    exactOptionalPropertyTypes: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
    paths: Object.fromEntries(Object.entries(ENTRY_SOURCES).map(([name, file]) => [name, [file]])),
  })
  return ts.getPreEmitDiagnostics(program).filter((d) => d.file === undefined || files.includes(d.file.fileName))
}
