import { execFile } from 'node:child_process'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { expect } from 'chai'

const ROOT = new URL('../../', import.meta.url)
const LIB = new URL('build/lib/', ROOT)

/** The README's TypeScript examples, importing the code under test instead of the package. */
const examples = async (): Promise<string[]> => {
  const readme = await readFile(new URL('README.md', ROOT), 'utf8')
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) =>
    (m[1] ?? '')
      .replace(/from 'intercom-rx\/simulator'/g, `from '${new URL('simulator/index.js', LIB).href}'`)
      .replace(/from 'intercom-rx'/g, `from '${new URL('index.js', LIB).href}'`),
  )
}

describe('README examples (run as written)', () => {
  it('has examples, and each runs to completion', async () => {
    const blocks = await examples()
    expect(blocks.length).to.equal(4)
    const dir = new URL('build/readme-examples/', ROOT)
    await mkdir(dir, { recursive: true })
    const outputs: string[] = []
    for (const [i, code] of blocks.entries()) {
      const file = new URL(`example-${i}.mjs`, dir)
      // The examples use no TypeScript-only syntax, so they run as JavaScript modules.
      await writeFile(file, code)
      const { stdout } = await promisify(execFile)(process.execPath, [fileURLToPath(file)], { timeout: 15_000 })
      outputs.push(stdout)
    }
    expect(outputs[0]).to.equal('50 emails\n50 emails\n20 emails\n')
    expect(outputs[1]).to.equal('via scroll\n12000 users\n')
    expect(outputs[2]).to.equal('300 users saved, 5 requests\n')
    expect(outputs[3]).to.match(/^http:\/\/127\.0\.0\.1:\d+ 2000\n$/)
  })
})
