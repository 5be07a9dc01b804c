/** A small SVG chart, written by the bench itself: seconds against pages in flight, a line a latency. */

/** One latency's runs: measured and bound at each fixed concurrency, and `auto`'s time. */
export interface Series {
  readonly label: string
  readonly points: ReadonlyArray<{ readonly x: number; readonly y: number; readonly bound: number }>
  readonly auto: number
}

const COLORS = ['#1f6feb', '#d1242f', '#1a7f37', '#8250df']

/** Log-scaled on both axes: the times span two orders of magnitude. */
export const chart = (series: ReadonlyArray<Series>, title: string): string => {
  const width = 720
  const height = 420
  const margin = { left: 60, right: 130, top: 40, bottom: 50 }
  const all = series.flatMap((s) => s.points)
  const xs = all.map((p) => Math.log2(p.x))
  const ys = [...all.flatMap((p) => [p.y, p.bound]), ...series.map((s) => s.auto)].filter((y) => y > 0)
  const [minX, maxX] = [Math.min(...xs), Math.max(...xs)]
  const [minY, maxY] = [Math.log10(Math.min(...ys) / 1.2), Math.log10(Math.max(...ys) * 1.2)]
  const sx = (x: number): number =>
    margin.left + ((Math.log2(x) - minX) / (maxX - minX || 1)) * (width - margin.left - margin.right)
  const sy = (y: number): number =>
    height - margin.bottom - ((Math.log10(y) - minY) / (maxY - minY || 1)) * (height - margin.top - margin.bottom)
  const path = (points: Series['points'], key: 'y' | 'bound'): string =>
    points.map((p, i) => `${i === 0 ? 'M' : 'L'}${sx(p.x).toFixed(1)},${sy(p[key]).toFixed(1)}`).join(' ')
  const ticksY = [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100].filter((t) => Math.log10(t) >= minY && Math.log10(t) <= maxY)
  const xTicks = [...new Set(all.map((p) => p.x))]
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${(width - margin.right + margin.left) / 2}" y="20" text-anchor="middle" font-size="13">${title}</text>`,
    ...ticksY.map(
      (t) =>
        `<line x1="${margin.left}" x2="${width - margin.right}" y1="${sy(t).toFixed(1)}" y2="${sy(t).toFixed(1)}" stroke="#ddd"/><text x="${margin.left - 6}" y="${(sy(t) + 4).toFixed(1)}" text-anchor="end">${t}</text>`,
    ),
    ...xTicks.map(
      (x) => `<text x="${sx(x).toFixed(1)}" y="${height - margin.bottom + 18}" text-anchor="middle">${x}</text>`,
    ),
    `<text x="${(width - margin.right + margin.left) / 2}" y="${height - 10}" text-anchor="middle">pages in flight (--concurrency)</text>`,
    `<text x="16" y="${height / 2}" text-anchor="middle" transform="rotate(-90 16 ${height / 2})">seconds (log)</text>`,
    ...series.flatMap((s, i) => {
      const color = COLORS[i % COLORS.length] ?? '#000'
      const last = s.points.at(-1)
      return [
        `<path d="${path(s.points, 'bound')}" fill="none" stroke="${color}" stroke-opacity="0.45" stroke-dasharray="6 4" stroke-width="1.5"/>`,
        `<path d="${path(s.points, 'y')}" fill="none" stroke="${color}" stroke-width="2.5"/>`,
        ...s.points.map(
          (p) => `<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="3.5" fill="${color}"/>`,
        ),
        s.auto > 0
          ? `<line x1="${margin.left}" x2="${width - margin.right}" y1="${sy(s.auto).toFixed(1)}" y2="${sy(s.auto).toFixed(1)}" stroke="${color}" stroke-dasharray="2 3" stroke-width="1.5"/>`
          : '',
        last === undefined
          ? ''
          : `<text x="${width - margin.right + 8}" y="${(sy(s.auto > 0 ? s.auto : last.y) + 4).toFixed(1)}" fill="${color}">${s.label}: auto ${s.auto.toFixed(2)} s</text>`,
      ]
    }),
    `<text x="${width - margin.right + 8}" y="${height - margin.bottom - 20}" fill="#555">solid: measured</text>`,
    `<text x="${width - margin.right + 8}" y="${height - margin.bottom - 4}" fill="#555">dashed: bound</text>`,
    '</svg>',
  ].join('\n')
}
