#!/usr/bin/env node
// The library bundled for the browser platform with esbuild: it must build with no Node built-in
// in it (esbuild refuses to resolve one for the browser), and its size is reported, minified and
// gzipped, and held to a budget. The CLI and the simulator are Node-only and not part of it.
import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))
const result = await build({
  entryPoints: [`${root}dist/index.js`],
  bundle: true,
  platform: 'browser',
  format: 'esm',
  minify: true,
  write: false,
  metafile: true,
  logLevel: 'error',
})
const inputs = Object.keys(result.metafile.inputs)
const nodeOnly = inputs.filter((f) => /^node:|(^|\/)node_modules\/node-fetch\//.test(f))
if (nodeOnly.length > 0) {
  console.error(`the browser bundle pulls in Node-only modules: ${nodeOnly.join(', ')}`)
  process.exit(1)
}
const code = result.outputFiles[0].contents
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`
console.log(
  `browser bundle of intercom-rx (${inputs.length} modules, no Node built-in): ` +
    `${kib(code.byteLength)} minified, ${kib(gzipSync(code, { level: 9 }).byteLength)} gzipped`,
)
/** The budget of the gzipped bundle: a change that passes it is a change to look at. */
const BUDGET_GZIP_BYTES = 45 * 1024
const gzipped = gzipSync(code, { level: 9 }).byteLength
if (gzipped > BUDGET_GZIP_BYTES) {
  console.error(`the browser bundle is ${kib(gzipped)} gzipped, over its budget of ${kib(BUDGET_GZIP_BYTES)}`)
  process.exit(1)
}
