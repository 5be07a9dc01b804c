/**
 * The simulator speaks Intercom's published contract: its answers to the Contacts API validate
 * against the schemas of the 2.14 OpenAPI description (committed as a fixture, with the script
 * that extracts it), and so do the library's search requests. Where the simulator keeps a
 * real-world difference on purpose, docs/simulator.md says so and the codecs accept both.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { expect } from 'chai'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import { lastValueFrom, toArray } from 'rxjs'
import { createClient, listContacts, searchContacts, where, and, or } from '../lib/index.js'
import { startSimulator, type Simulator } from '../lib/simulator/index.js'
import { NOW } from './support/simulator.js'

interface Fixture {
  readonly operations: Record<string, { readonly responses: Record<string, unknown>; readonly requestBody: unknown }>
  readonly components: { readonly schemas: Record<string, unknown> }
}

const FIXTURE = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../spec/fixtures/openapi/contacts-2.14.json', import.meta.url)), 'utf8'),
) as Fixture

/**
 * An OpenAPI 3.0 schema as JSON Schema: `nullable: true` becomes a union with null (OpenAPI's
 * keyword means "or null", whether or not the schema names a type).
 */
const jsonSchemaOf = (node: unknown): unknown => {
  if (Array.isArray(node)) return node.map(jsonSchemaOf)
  if (node === null || typeof node !== 'object') return node
  const { nullable, ...rest } = node as Record<string, unknown>
  const converted = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, k === 'example' ? v : jsonSchemaOf(v)]))
  return nullable === true ? { anyOf: [converted, { type: 'null' }] } : converted
}

const ajv = new Ajv({ strict: false, allErrors: true })
addFormats.default(ajv)
// The description marks its `url` fields (and addressable_list's `type`) `format: uri`, and its own
// examples are relative (`/contacts/5ba6…/tags`, `note`): what it means is a URI reference.
ajv.addFormat('uri', ajv.formats['uri-reference'] ?? true)
ajv.addSchema({ components: jsonSchemaOf(FIXTURE.components) }, 'intercom-2.14')
const schema = (name: string): ValidateFunction => ajv.compile({ $ref: `intercom-2.14#/components/schemas/${name}` })
const contactList = schema('contact_list')
const errorBody = schema('error')
const searchRequest = schema('search_request')

/** Where a body breaks the schema, one line a fault; [] when it holds. */
const faults = (validate: ValidateFunction, body: unknown): string[] =>
  validate(body)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath.replace(/\/\d+/g, '/N') || '/'} ${e.message ?? ''}`)

const get = async (sim: Simulator, path: string, token = sim.token) => {
  const response = await fetch(`${sim.url}${path}`, {
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', 'Intercom-Version': '2.14' },
  })
  return { status: response.status, body: (await response.json()) as unknown }
}

describe("the simulator against Intercom's 2.14 description (ajv)", () => {
  let sim: Simulator
  before(async () => {
    sim = await startSimulator({ users: 0, contacts: 400, now: NOW, seed: 3 })
  })
  after(() => sim.close())

  it('every page of GET /contacts validates as contact_list', async () => {
    const problems: string[] = []
    let cursor: string | undefined
    let pages = 0
    do {
      const { status, body } = await get(
        sim,
        `/contacts?per_page=50${cursor === undefined ? '' : `&starting_after=${encodeURIComponent(cursor)}`}`,
      )
      expect(status).to.equal(200)
      problems.push(...faults(contactList, body).map((f) => `page ${pages + 1}: ${f}`))
      cursor = (body as { pages?: { next?: { starting_after?: string } } }).pages?.next?.starting_after
      pages += 1
    } while (cursor !== undefined)
    expect(pages).to.equal(8)
    expect([...new Set(problems)]).to.deep.equal([])
  })

  it('search answers validate as contact_list, and the library sends search_request bodies', async () => {
    const client = createClient({ token: sim.token, baseUrl: sim.url })
    // The description's schema takes a group of filters or a group of groups, not both side by
    // side (its `value` is oneOf the two arrays), though Intercom's own examples mix them: the
    // library sends what a caller writes, and these are the shapes the schema allows.
    const queries = [
      where('role', '=', 'lead'),
      and(where('role', '=', 'user'), where('email', '$', '.com')),
      or(and(where('role', '=', 'user'), where('created_at', '>', NOW - 86_400 * 30)), and(where('role', '=', 'lead'))),
    ]
    for (const query of queries) await lastValueFrom(searchContacts(client, query, { perPage: 25 }).pipe(toArray()))
    await lastValueFrom(listContacts(client, { perPage: 150 }).pipe(toArray()))
    const searches = sim.requests.filter((r) => r.method === 'POST')
    expect(searches.length).to.be.above(2)
    const problems = searches.flatMap((r) => faults(searchRequest, r.body))
    expect([...new Set(problems)]).to.deep.equal([])
    for (const query of queries) {
      const response = await fetch(`${sim.url}/contacts/search`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${sim.token}`,
          'Content-Type': 'application/json',
          'Intercom-Version': '2.14',
        },
        body: JSON.stringify({ query, pagination: { per_page: 20 } }),
      })
      expect(response.status).to.equal(200)
      expect(faults(contactList, await response.json())).to.deep.equal([])
    }
  })

  it('a 401 and a 400 for an unknown cursor are error lists', async () => {
    const unauthorized = await get(sim, '/contacts', 'wrong-token')
    expect(unauthorized.status).to.equal(401)
    expect(faults(errorBody, unauthorized.body)).to.deep.equal([])
    const badCursor = await get(sim, '/contacts?starting_after=not-a-cursor')
    expect(badCursor.status).to.equal(400)
    expect(faults(errorBody, badCursor.body)).to.deep.equal([])
  })
})
