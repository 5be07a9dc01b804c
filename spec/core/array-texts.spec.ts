import { expect } from 'chai'
import fc from 'fast-check'
import { arrayElementTexts } from '../../lib/core/array-texts.js'

/** Any JSON value, strings with quotes, backslashes, brackets and escapes among them. */
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string({ unit: fc.constantFrom('a', '"', '\\', '[', ']', '{', '}', ',', ':', 'é', '\n', ' ', '\u2028') }),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 5 }), tie('value'), { maxKeys: 4 }),
  ),
})).value

describe('arrayElementTexts (each element of a JSON array as received)', () => {
  it('gives texts that parse to the elements JSON.parse reads, in order, wherever the key stands', () => {
    fc.assert(
      fc.property(
        fc.array(json, { maxLength: 8 }),
        fc.dictionary(
          fc.string({ maxLength: 6 }).filter((k) => k !== 'data'),
          json,
          { maxKeys: 3 },
        ),
        fc.boolean(),
        (data, others, first) => {
          const object = first ? { data, ...others } : { ...others, data }
          const text = JSON.stringify(object)
          const texts = arrayElementTexts(text, 'data')
          expect(texts?.map((t) => JSON.parse(t) as unknown)).to.deep.equal(
            (JSON.parse(text) as { data: unknown }).data,
          )
        },
      ),
      { numRuns: 500 },
    )
  })

  it("keeps the server's bytes (its escapes, its spacing inside a line) and refuses an element that spans lines", () => {
    expect(arrayElementTexts('{"data": [ {"id":"a\\u0062", "n" : 1} , "x" ], "pages":{}}', 'data')).to.deep.equal([
      '{"id":"a\\u0062", "n" : 1}',
      '"x"',
    ])
    expect(arrayElementTexts(JSON.stringify({ data: [{ id: 'a' }] }, null, 2), 'data')).to.equal(undefined)
    expect(arrayElementTexts('{"data":[]}', 'data')).to.deep.equal([])
  })

  it('is undefined without the key, or with a key that is no array; the last of two keys counts', () => {
    expect(arrayElementTexts('{"users":[1]}', 'data')).to.equal(undefined)
    expect(arrayElementTexts('{"data":null}', 'data')).to.equal(undefined)
    expect(arrayElementTexts('{"x":{"data":[1]}}', 'data')).to.equal(undefined)
    expect(arrayElementTexts('[1,2]', 'data')).to.equal(undefined)
    expect(arrayElementTexts('{"data":[1],"data":[2,3]}', 'data')).to.deep.equal(['2', '3'])
  })
})
