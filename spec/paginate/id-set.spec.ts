import { expect } from 'chai'
import fc from 'fast-check'
import { IdSet } from '../../lib/paging/id-set.js'

describe('IdSet', () => {
  it('behaves as a Set<string> for any ids, hex or not (property)', () => {
    const id = fc.oneof(
      fc.stringMatching(/^[0-9a-f]{1,32}$/),
      fc.constantFrom('0', '00', '000000000000000000000000', 'a', '0a'),
      fc.string(),
    )
    fc.assert(
      fc.property(fc.array(id, { maxLength: 300 }), (ids) => {
        const compact = new IdSet()
        const plain = new Set<string>()
        for (const x of ids) {
          if (compact.add(x) !== !plain.has(x)) return false
          plain.add(x)
        }
        return compact.size === plain.size && ids.every((x) => compact.has(x)) && !compact.has('not-added-id')
      }),
    )
  })

  it('keeps ids that differ only in leading zeros apart, and grows past its first table', () => {
    const set = new IdSet()
    for (let i = 0; i < 50_000; i++) expect(set.add(i.toString(16).padStart(24, '0'))).to.equal(true)
    expect(set.add('1')).to.equal(true)
    expect(set.add('01')).to.equal(true)
    expect(set.add('0'.repeat(23) + '1')).to.equal(false)
    expect(set.size).to.equal(50_002)
  })
})
