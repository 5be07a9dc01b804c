/** A small SVG line chart, written by the bench itself: measured wall time and the bound, against concurrency. */
export const chart = (points: ReadonlyArray<{ x: number; y: number; bound: number }>, title: string): string => {
  const width = 640
  const height = 360
  const margin = { left: 60, right: 20, top: 40, bottom: 50 }
  const xs = points.map((p) => Math.log2(p.x))
  const maxY = Math.max(...points.map((p) => Math.max(p.y, p.bound))) * 1.1
  const sx = (x: number): number =>
    margin.left +
    ((Math.log2(x) - Math.min(...xs)) / (Math.max(...xs) - Math.min(...xs) || 1)) * (width - margin.left - margin.right)
  const sy = (y: number): number => height - margin.bottom - (y / maxY) * (height - margin.top - margin.bottom)
  const line = (key: 'y' | 'bound'): string =>
    points.map((p, i) => `${i === 0 ? 'M' : 'L'}${sx(p.x).toFixed(1)},${sy(p[key]).toFixed(1)}`).join(' ')
  const ticksY = Array.from({ length: 5 }, (_, i) => (maxY / 4) * i)
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="14">${title}</text>`,
    ...ticksY.map(
      (t) =>
        `<line x1="${margin.left}" x2="${width - margin.right}" y1="${sy(t)}" y2="${sy(t)}" stroke="#ddd"/><text x="${margin.left - 6}" y="${sy(t) + 4}" text-anchor="end">${t.toFixed(1)}</text>`,
    ),
    ...points.map((p) => `<text x="${sx(p.x)}" y="${height - margin.bottom + 18}" text-anchor="middle">${p.x}</text>`),
    `<text x="${width / 2}" y="${height - 10}" text-anchor="middle">concurrency (pages in flight)</text>`,
    `<text x="16" y="${height / 2}" text-anchor="middle" transform="rotate(-90 16 ${height / 2})">seconds</text>`,
    `<path d="${line('bound')}" fill="none" stroke="#999" stroke-dasharray="6 4" stroke-width="2"/>`,
    `<path d="${line('y')}" fill="none" stroke="#1f6feb" stroke-width="2.5"/>`,
    ...points.map((p) => `<circle cx="${sx(p.x)}" cy="${sy(p.y)}" r="4" fill="#1f6feb"/>`),
    `<text x="${width - margin.right}" y="${margin.top}" text-anchor="end" fill="#1f6feb">measured (median)</text>`,
    `<text x="${width - margin.right}" y="${margin.top + 16}" text-anchor="end" fill="#777">lower bound</text>`,
    '</svg>',
  ].join('\n')
}
