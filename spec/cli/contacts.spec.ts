import { writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import { startSimulator, type Simulator } from '../../lib/simulator/index.js'
import { cli, lines } from '../support/cli.js'
import { startRawServer } from '../support/raw-server.js'
import { NOW } from '../support/simulator.js'

describe('intercom-users contacts (spawned)', () => {
  let sim: Simulator
  let env: Record<string, string>
  before(async () => {
    sim = await startSimulator({ users: 0, contacts: 400, now: NOW })
    env = { INTERCOM_BASE_URL: sim.url, INTERCOM_ACCESS_TOKEN: sim.token }
  })
  after(() => sim.close())

  it('lists every contact as NDJSON on 2.14, with a summary that counts contacts', async () => {
    const before = sim.requests.length
    const run = await cli(['contacts', '--per-page', '150'], env)
    expect(run.code).to.equal(0)
    const ids = lines(run.stdout).map((c) => c['id'])
    expect(new Set(ids).size).to.equal(400)
    expect(run.stderr).to.match(/400 contacts via the Contacts API, 3 pages, 3 requests/)
    expect(sim.requests.slice(before).every((r) => r.apiVersion === '2.14')).to.equal(true)
  })

  it('exports every contact by default (a parallel export over search), once and in created_at order', async () => {
    const run = await cli(['contacts'], env)
    expect(run.code, run.stderr).to.equal(0)
    const written = lines(run.stdout)
    expect(new Set(written.map((c) => c['id'])).size).to.equal(400)
    const created = written.map((c) => c['created_at'] as number)
    expect(created).to.deep.equal([...created].sort((a, b) => a - b))
    expect(run.stderr).to.match(/400 contacts via a parallel export \(search by created_at\)/)
    const sequential = await cli(['contacts', '--sequential'], env)
    expect(sequential.stderr).to.match(/400 contacts via the Contacts API/)
  })

  it("writes each contact's bytes as the server sent them (NDJSON of whole records), checked by the codec all the same", async () => {
    // A server that spaces its JSON its own way: serialised again, the lines would lose the spaces.
    const contact = (id: string, created: number) =>
      `{"type": "contact",  "id": "${id}", "role": "user", "email": "caf\\u00e9@x.io", "created_at": ${created}}`
    const body = (items: string[], total: number) =>
      `{"type": "list", "data": [ ${items.join(' , ')} ], "total_count": ${total}, "pages": {"type": "pages", "page": 1, "per_page": 150, "total_pages": 1, "next": null}}`
    const server = await startRawServer((req, res) => {
      let text = ''
      req.on('data', (d: Buffer) => (text += d.toString()))
      req.on('end', () => {
        const { sort } = JSON.parse(text) as { sort: { order: string } }
        res.writeHead(200, { 'content-type': 'application/json' })
        const items = [contact('c1', NOW - 100), contact('c2', NOW - 50)]
        res.end(sort.order === 'descending' ? body(items.slice(1), 2) : body(items, 2))
      })
    })
    try {
      const run = await cli(['contacts'], { INTERCOM_BASE_URL: server.url, INTERCOM_ACCESS_TOKEN: 't' })
      expect(run.code, run.stderr).to.equal(0)
      expect(run.stdout).to.equal(`${contact('c1', NOW - 100)}\n${contact('c2', NOW - 50)}\n`)
      // With --fields the decoded contact is written: the codec's view, serialised.
      const picked = await cli(['contacts', '--fields', 'id,email'], {
        INTERCOM_BASE_URL: server.url,
        INTERCOM_ACCESS_TOKEN: 't',
      })
      expect(picked.stdout).to.equal('{"id":"c1","email":"café@x.io"}\n{"id":"c2","email":"café@x.io"}\n')
    } finally {
      await server.close()
    }
  })

  it('--role lead keeps the leads; --limit stops the requests', async () => {
    const leads = await cli(['contacts', '--role', 'lead'], env)
    expect(
      lines(leads.stdout)
        .map((c) => c['id'])
        .sort(),
    ).to.deep.equal(
      sim.contacts
        .filter((c) => c.role === 'lead')
        .map((c) => c.id)
        .sort(),
    )
    const before = sim.requests.length
    const limited = await cli(['contacts', '--limit', '60', '--per-page', '50', '--format', 'csv'], env)
    expect(limited.code).to.equal(0)
    expect(limited.stdout.split('\r\n')[0]).to.equal('id,role,email,name,created_at')
    expect(limited.stdout.trim().split('\r\n')).to.have.length(61)
    expect(sim.requests.length - before).to.equal(2)
  })

  it('--query and --query-file search, with --sort, and --role joins the search', async () => {
    const query = JSON.stringify({ field: 'email', operator: '~', value: '.1' })
    const before = sim.requests.length
    const run = await cli(['contacts', '--query', query, '--sort', 'created_at:desc', '--role', 'user'], env)
    expect(run.code).to.equal(0)
    const found = lines(run.stdout)
    const want = sim.contacts
      .filter((c) => c.role === 'user' && (c['email'] as string | null)?.includes('.1') === true)
      .sort((a, b) => b.created_at - a.created_at || (a.id < b.id ? -1 : 1))
    expect(found.map((c) => c['id'])).to.deep.equal(want.map((c) => c.id))
    expect(run.stderr).to.contain('via a contacts search')
    const sent = sim.requests.slice(before)[0]?.body as { sort: unknown; query: unknown }
    expect(sent.sort).to.deep.equal({ field: 'created_at', order: 'descending' })
    const file = join(tmpdir(), `intercom-rx-query-${process.pid}.json`)
    await writeFile(file, query)
    const fromFile = await cli(['contacts', '--query-file', file, '--sort', 'created_at:desc', '--role', 'user'], env)
    expect(fromFile.stdout).to.equal(run.stdout)
  })

  for (const [what, args, message] of [
    [
      '3 levels of groups',
      [
        '--query',
        JSON.stringify({
          operator: 'AND',
          value: [
            { operator: 'OR', value: [{ operator: 'AND', value: [{ field: 'id', operator: '=', value: 'x' }] }] },
          ],
        }),
      ],
      /--query: query\.value\[0\]\.value\[0\] nests 3 levels deep/,
    ],
    [
      "'<=' on a date",
      ['--query', '{"field":"created_at","operator":"<=","value":1}'],
      /--query: query\.operator "<=" is not allowed on created_at/,
    ],
    ['a query that is not JSON', ['--query', '{field'], /--query is not JSON/],
    ['--sort without a query', ['--sort', 'created_at'], /--sort orders a search/],
    ['--per-page 151', ['--per-page', '151'], /--per-page takes a whole number from 1 to 150, got 151/],
    ['--role admin', ['--role', 'admin'], /--role takes user or lead, got "admin"/],
    [
      '--sort constructor:desc (a name Object has)',
      ['--query', '{"field":"role","operator":"=","value":"user"}', '--sort', 'constructor:desc'],
      /--sort: "constructor" is not a searchable field/,
    ],
  ] as const) {
    it(`an invalid usage exits 2 and sends nothing: ${what}`, async () => {
      const before = sim.requests.length
      const run = await cli(['contacts', ...args], env)
      expect(run.code).to.equal(2)
      expect(run.stderr).to.match(message)
      expect(run.stdout).to.equal('')
      expect(sim.requests.length).to.equal(before)
    })
  }
})
