import { expect } from 'chai'
import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import type { User } from '../../lib/users/user.js'
import { parseFields, valueAt, type Field } from '../../lib/cli/fields.js'
import { csvField, csvRecord, MAX_COLUMN_WIDTH, recordWriter, tableCell } from '../../lib/cli/format.js'
import { parseCsv } from '../support/csv.js'

const fields = (raw: string): ReadonlyArray<Field> => {
  const parsed = parseFields(raw)
  if (E.isLeft(parsed)) throw new Error(parsed.left)
  return parsed.right
}

const user = (id: string, extra: Record<string, unknown> = {}): User => ({ type: 'user', id, ...extra })

describe('CLI formats (pure)', () => {
  it('a CSV record reads back as the same cells, whatever they hold (property, RFC 4180)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 6 }), (cells) => {
        expect(parseCsv(csvRecord(cells))).to.deep.equal([cells])
      }),
    )
  })

  it('quotes only the fields that need it, doubling quotes', () => {
    expect(csvField('plain')).to.equal('plain')
    expect(csvField('a,b')).to.equal('"a,b"')
    expect(csvField('say "hi"')).to.equal('"say ""hi"""')
    expect(csvField('two\nlines')).to.equal('"two\nlines"')
  })

  it('reads dotted paths, and nothing through null or a missing field', () => {
    const u = { id: '1', location_data: { city_name: 'Dublin' }, avatar: null }
    expect(valueAt(u, fields('location_data.city_name')[0])).to.equal('Dublin')
    expect(valueAt(u, fields('avatar.image_url')[0])).to.equal(undefined)
    expect(valueAt(u, fields('nope.deeper')[0])).to.equal(undefined)
    // Only own fields: a path never reaches into the prototype.
    expect(valueAt(u, fields('constructor')[0])).to.equal(undefined)
  })

  it('JSON: every cut between two calls leaves whole records, and end() always closes the array', () => {
    const w = recordWriter('json', undefined)
    const text = [w.start(), w.rows([user('a'), user('b')]), w.rows([]), w.rows([user('c')]), w.end()].join('')
    expect(JSON.parse(text)).to.deep.equal([user('a'), user('b'), user('c')])
    const empty = recordWriter('json', undefined)
    expect(JSON.parse(empty.start() + empty.end())).to.deep.equal([])
  })

  it('table: widths from the first page, a longer later cell overflows whole, past the maximum it is cut', () => {
    const w = recordWriter('table', fields('id,name'))
    const first = w.rows([user('a1', { name: 'Ada' })])
    expect(first.split('\n').slice(0, 3)).to.deep.equal(['id  name', '--  ----', 'a1  Ada'])
    expect(w.rows([user('a123456', { name: 'Bo' })])).to.equal('a123456  Bo\n')
    const long = 'x'.repeat(MAX_COLUMN_WIDTH + 5)
    expect(w.rows([user(long)])).to.equal(`${'x'.repeat(MAX_COLUMN_WIDTH - 1)}\u2026\n`)
    expect(w.end()).to.equal('')
    const empty = recordWriter('table', fields('id,email'))
    expect(empty.end()).to.equal('id  email\n--  -----\n')
  })

  it('table cells: timestamps as UTC, objects as JSON, control characters replaced', () => {
    const [createdAt, custom, name] = fields('created_at,custom_attributes,name')
    expect(tableCell(createdAt, 0)).to.equal('1970-01-01 00:00:00')
    expect(tableCell(custom, { plan: 'pro' })).to.equal('{"plan":"pro"}')
    expect(tableCell(name, 'a\u001b[2Jb\u009bc')).to.equal('a\uFFFD[2Jb\uFFFDc')
    expect(tableCell(name, null)).to.equal('')
  })
})
