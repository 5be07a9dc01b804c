/** The contacts chart, written by the bench itself: seconds a client takes at each latency, against the bound. */

/** One latency's row: each client's median seconds, and the bound. */
export interface ContactsRow {
  readonly label: string
  readonly bound: number
  readonly bars: ReadonlyArray<{ readonly client: string; readonly seconds: number }>
}

const COLORS = ['#1f6feb', '#54aeff', '#1a7f37', '#bf8700', '#d1242f']

/** Horizontal bars on a log scale, a group a latency, the bound a dashed mark across its group. */
export const contactsChart = (rows: ReadonlyArray<ContactsRow>, title: string): string => {
  const width = 760
  const bar = 14
  const gap = 18
  const margin = { left: 70, right: 30, top: 40, bottom: 80 }
  const clients = rows[0]?.bars.map((b) => b.client) ?? []
  const groupHeight = clients.length * bar + gap
  const height = margin.top + rows.length * groupHeight + margin.bottom + 13 * Math.floor(clients.length / 2)
  const values = rows.flatMap((r) => [r.bound, ...r.bars.map((b) => b.seconds)]).filter((v) => v > 0)
  const [lo, hi] = [Math.log10(Math.min(...values) / 1.5), Math.log10(Math.max(...values) * 1.5)]
  const sx = (s: number): number =>
    margin.left + ((Math.log10(Math.max(s, 10 ** lo)) - lo) / (hi - lo || 1)) * (width - margin.left - margin.right)
  const ticks = [0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500].filter((t) => Math.log10(t) >= lo && Math.log10(t) <= hi)
  const bottom = height - margin.bottom
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="13">${title}</text>`,
    ...ticks.map(
      (t) =>
        `<line x1="${sx(t).toFixed(1)}" x2="${sx(t).toFixed(1)}" y1="${margin.top}" y2="${bottom}" stroke="#ddd"/><text x="${sx(t).toFixed(1)}" y="${bottom + 16}" text-anchor="middle">${t}</text>`,
    ),
    `<text x="${width / 2}" y="${bottom + 34}" text-anchor="middle">seconds (log); dashed: the bound</text>`,
    ...rows.flatMap((r, g) => {
      const top = margin.top + g * groupHeight
      return [
        `<text x="${margin.left - 8}" y="${top + (clients.length * bar) / 2 + 4}" text-anchor="end">${r.label}</text>`,
        ...r.bars.map(
          (b, i) =>
            `<rect x="${margin.left}" y="${top + i * bar}" width="${(sx(b.seconds) - margin.left).toFixed(1)}" height="${bar - 2}" fill="${COLORS[i % COLORS.length] ?? '#000'}"/>` +
            `<text x="${(sx(b.seconds) + 4).toFixed(1)}" y="${top + i * bar + bar - 4}" font-size="10">${b.seconds.toFixed(2)} s</text>`,
        ),
        `<line x1="${sx(r.bound).toFixed(1)}" x2="${sx(r.bound).toFixed(1)}" y1="${top - 2}" y2="${top + clients.length * bar}" stroke="#000" stroke-dasharray="4 3" stroke-width="1.5"/>`,
      ]
    }),
    ...clients.map(
      (c, i) =>
        `<rect x="${margin.left + (i % 2) * 330}" y="${height - 36 + Math.floor(i / 2) * 13}" width="10" height="10" fill="${COLORS[i % COLORS.length] ?? '#000'}"/>` +
        `<text x="${margin.left + (i % 2) * 330 + 14}" y="${height - 27 + Math.floor(i / 2) * 13}" font-size="10">${c}</text>`,
    ),
    '</svg>',
  ].join('\n')
}
