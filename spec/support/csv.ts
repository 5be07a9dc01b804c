/** An RFC 4180 reader, written apart from the writer under test: records of fields. */
export const parseCsv = (text: string): string[][] => {
  const records: string[][] = []
  let record: string[] = []
  let field = ''
  let i = 0
  while (i < text.length) {
    if (text[i] === '"') {
      i += 1
      for (;;) {
        const quote = text.indexOf('"', i)
        if (quote < 0) throw new Error('unclosed quote')
        field += text.slice(i, quote)
        i = quote + 1
        if (text[i] !== '"') break
        field += '"'
        i += 1
      }
    } else if (text[i] === ',') {
      record.push(field)
      field = ''
      i += 1
    } else if (text.startsWith('\r\n', i)) {
      record.push(field)
      records.push(record)
      record = []
      field = ''
      i += 2
    } else {
      field += text[i]
      i += 1
    }
  }
  if (field !== '' || record.length > 0) throw new Error('the last record has no CRLF')
  return records
}
