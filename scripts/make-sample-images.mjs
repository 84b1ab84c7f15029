// Draws the illustrations of the bundled sample library (assets/sample/images/*.png).
// They are drawn from code so that they are reproducible byte for byte and carry no
// third-party artwork, and the script is pure Node so it runs where no image tool is
// installed: a small anti-aliased polygon rasterizer and a PNG encoder on node:zlib.
//
//   node scripts/make-sample-images.mjs            writes every image
//   node scripts/make-sample-images.mjs seagrass   writes the images whose name contains "seagrass"
import { deflateSync } from 'node:zlib'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'assets', 'sample', 'images')
const W = 1200
const H = 675
// Sub-scanlines per pixel row. Horizontal coverage is computed exactly, so a handful of
// rows is enough for edges that look smooth at any slope.
const SS = 6

// ---------------------------------------------------------------- colour and paint

function rgb(c) {
  if (Array.isArray(c)) return c
  const n = parseInt(c.slice(1), 16)
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255]
}

function mix(a, b, t) {
  const x = rgb(a)
  const y = rgb(b)
  return [x[0] + (y[0] - x[0]) * t, x[1] + (y[1] - x[1]) * t, x[2] + (y[2] - x[2]) * t]
}

function stopsAt(stops, t) {
  if (t <= stops[0][0]) return rgb(stops[0][1])
  for (let i = 1; i < stops.length; i++) {
    if (t <= stops[i][0]) {
      const [t0, c0] = stops[i - 1]
      const [t1, c1] = stops[i]
      return mix(c0, c1, (t - t0) / (t1 - t0 || 1))
    }
  }
  return rgb(stops[stops.length - 1][1])
}

function linear(x0, y0, x1, y1, stops) {
  const dx = x1 - x0
  const dy = y1 - y0
  const len2 = dx * dx + dy * dy
  return (x, y) => stopsAt(stops, ((x - x0) * dx + (y - y0) * dy) / len2)
}

function radial(cx, cy, r, stops) {
  return (x, y) => stopsAt(stops, Math.hypot(x - cx, y - cy) / r)
}

// Deterministic PRNG (mulberry32), so every run draws the same picture.
function prng(seed) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  next.range = (lo, hi) => lo + (hi - lo) * next()
  next.int = (lo, hi) => Math.floor(lo + (hi - lo + 1) * next())
  next.pick = (list) => list[Math.floor(next() * list.length)]
  return next
}

// ---------------------------------------------------------------- canvas

class Canvas {
  constructor(w, h, background) {
    this.w = w
    this.h = h
    this.px = new Float32Array(w * h * 3)
    if (background) this.fill([rect(0, 0, w, h)], background)
  }

  // Fills a path made of rings (arrays of [x, y]) with a colour or a paint function
  // (x, y) => [r, g, b]. Non-zero winding by default, so overlapping pieces of one
  // stroke are blended once.
  fill(rings, paint, opacity = 1, evenOdd = false) {
    const edges = []
    let minX = Infinity
    let maxX = -Infinity
    let minY = Infinity
    let maxY = -Infinity
    for (const ring of rings) {
      for (let i = 0; i < ring.length; i++) {
        const [x0, y0] = ring[i]
        const [x1, y1] = ring[(i + 1) % ring.length]
        if (x0 < minX) minX = x0
        if (x0 > maxX) maxX = x0
        if (y0 < minY) minY = y0
        if (y0 > maxY) maxY = y0
        if (y0 === y1) continue
        if (y0 < y1) edges.push({ ya: y0, yb: y1, x: x0, k: (x1 - x0) / (y1 - y0), d: 1 })
        else edges.push({ ya: y1, yb: y0, x: x1, k: (x0 - x1) / (y0 - y1), d: -1 })
      }
    }
    if (!edges.length) return
    const py0 = Math.max(0, Math.floor(minY))
    const py1 = Math.min(this.h - 1, Math.ceil(maxY))
    const px0 = Math.max(0, Math.floor(minX))
    const px1 = Math.min(this.w - 1, Math.floor(maxX))
    if (py0 > py1 || px0 > px1) return
    edges.sort((a, b) => a.ya - b.ya)
    const span = px1 - px0 + 1
    const cov = new Float32Array(span + 1)
    const solid = typeof paint === 'function' ? null : rgb(paint)
    const xs = []
    let active = []
    let next = 0
    const add = (a, b) => {
      a = Math.max(a - px0, 0)
      b = Math.min(b - px0, span)
      if (b <= a) return
      const ia = Math.floor(a)
      const ib = Math.floor(b)
      if (ia === ib) {
        cov[ia] += (b - a) / SS
        return
      }
      cov[ia] += (ia + 1 - a) / SS
      for (let i = ia + 1; i < ib; i++) cov[i] += 1 / SS
      if (ib < span) cov[ib] += (b - ib) / SS
    }
    for (let py = py0; py <= py1; py++) {
      while (next < edges.length && edges[next].ya < py + 1) active.push(edges[next++])
      active = active.filter((e) => e.yb > py)
      if (!active.length) continue
      cov.fill(0)
      for (let s = 0; s < SS; s++) {
        const sy = py + (s + 0.5) / SS
        xs.length = 0
        for (const e of active) if (e.ya <= sy && sy < e.yb) xs.push([e.x + (sy - e.ya) * e.k, e.d])
        if (xs.length < 2) continue
        xs.sort((a, b) => a[0] - b[0])
        let wind = 0
        for (let i = 0; i < xs.length - 1; i++) {
          wind += evenOdd ? 1 : xs[i][1]
          if (evenOdd ? wind & 1 : wind !== 0) add(xs[i][0], xs[i + 1][0])
        }
      }
      const row = py * this.w
      for (let i = 0; i < span; i++) {
        const c = cov[i]
        if (c <= 0) continue
        const a = Math.min(1, c) * opacity
        const col = solid ?? paint(px0 + i + 0.5, py + 0.5)
        const o = (row + px0 + i) * 3
        this.px[o] += (col[0] - this.px[o]) * a
        this.px[o + 1] += (col[1] - this.px[o + 1]) * a
        this.px[o + 2] += (col[2] - this.px[o + 2]) * a
      }
    }
  }

  stroke(points, width, paint, opts = {}) {
    this.fill(strokeRings(points, width, opts), paint, opts.opacity ?? 1)
  }

  png() {
    const { w, h, px } = this
    const bytes = new Uint8Array(w * h * 3)
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.max(0, Math.min(255, Math.round(px[i])))
    return encodePng(w, h, bytes)
  }
}

// ---------------------------------------------------------------- geometry

function rect(x, y, w, h) {
  return [[x, y], [x + w, y], [x + w, y + h], [x, y + h]]
}

function arcPoints(cx, cy, rx, ry, a0, a1, n) {
  const pts = []
  for (let i = 0; i <= n; i++) {
    const a = a0 + ((a1 - a0) * i) / n
    pts.push([cx + Math.cos(a) * rx, cy + Math.sin(a) * ry])
  }
  return pts
}

function segmentsFor(r) {
  return Math.max(12, Math.min(220, Math.ceil((2 * Math.PI * r) / 2.5)))
}

function ellipse(cx, cy, rx, ry, rot = 0) {
  const n = segmentsFor(Math.max(rx, ry))
  const c = Math.cos(rot)
  const s = Math.sin(rot)
  const pts = []
  for (let i = 0; i < n; i++) {
    const a = (i / n) * Math.PI * 2
    const x = Math.cos(a) * rx
    const y = Math.sin(a) * ry
    pts.push([cx + x * c - y * s, cy + x * s + y * c])
  }
  return pts
}

function circle(cx, cy, r) {
  return ellipse(cx, cy, r, r)
}

function roundRect(x, y, w, h, r) {
  r = Math.min(r, w / 2, h / 2)
  const n = Math.max(3, Math.ceil(r / 2))
  const h2 = Math.PI / 2
  return [
    ...arcPoints(x + w - r, y + r, r, r, -h2, 0, n),
    ...arcPoints(x + w - r, y + h - r, r, r, 0, h2, n),
    ...arcPoints(x + r, y + h - r, r, r, h2, 2 * h2, n),
    ...arcPoints(x + r, y + r, r, r, 2 * h2, 3 * h2, n),
  ]
}

function cubic(p0, p1, p2, p3, n = 28) {
  const pts = []
  for (let i = 0; i <= n; i++) {
    const t = i / n
    const u = 1 - t
    pts.push([
      u * u * u * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t * t * t * p3[0],
      u * u * u * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t * t * t * p3[1],
    ])
  }
  return pts
}

function quad(p0, p1, p2, n = 12) {
  const pts = []
  for (let i = 0; i <= n; i++) {
    const t = i / n
    const u = 1 - t
    pts.push([u * u * p0[0] + 2 * u * t * p1[0] + t * t * p2[0], u * u * p0[1] + 2 * u * t * p1[1] + t * t * p2[1]])
  }
  return pts
}

// A smooth curve through the given points (Catmull-Rom turned into cubic pieces).
function smooth(points, closed = false, n = 16) {
  const out = []
  const count = points.length
  const at = (i) => (closed ? points[(i + count) % count] : points[Math.max(0, Math.min(count - 1, i))])
  const last = closed ? count : count - 1
  for (let i = 0; i < last; i++) {
    const p0 = at(i - 1)
    const p1 = at(i)
    const p2 = at(i + 1)
    const p3 = at(i + 2)
    const c1 = [p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6]
    const c2 = [p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6]
    const seg = cubic(p1, c1, c2, p2, n)
    out.push(...(i === 0 ? seg : seg.slice(1)))
  }
  if (closed) out.pop()
  return out
}

// A polyline whose corners are rounded with radius r, as a route on a map is drawn.
function rounded(points, r) {
  const out = [points[0]]
  for (let i = 1; i < points.length - 1; i++) {
    const [ax, ay] = points[i - 1]
    const [px, py] = points[i]
    const [bx, by] = points[i + 1]
    const la = Math.hypot(ax - px, ay - py)
    const lb = Math.hypot(bx - px, by - py)
    const rr = Math.min(r, la / 2, lb / 2)
    const p1 = [px + ((ax - px) / la) * rr, py + ((ay - py) / la) * rr]
    const p2 = [px + ((bx - px) / lb) * rr, py + ((by - py) / lb) * rr]
    out.push(...quad(p1, [px, py], p2, 10))
  }
  out.push(points[points.length - 1])
  return out
}

function area(ring) {
  let a = 0
  for (let i = 0; i < ring.length; i++) {
    const [x0, y0] = ring[i]
    const [x1, y1] = ring[(i + 1) % ring.length]
    a += x0 * y1 - x1 * y0
  }
  return a / 2
}

function positive(ring) {
  return area(ring) < 0 ? ring.slice().reverse() : ring
}

// A stroke as one non-zero path: a quad per segment and a disc per joint, all wound the
// same way, so overlaps add up instead of cancelling.
function strokeRings(points, width, { closed = false, cap = 'round' } = {}) {
  const r = width / 2
  const rings = []
  const pts = closed ? [...points, points[0]] : points
  for (let i = 0; i < pts.length - 1; i++) {
    const [x0, y0] = pts[i]
    const [x1, y1] = pts[i + 1]
    const len = Math.hypot(x1 - x0, y1 - y0)
    if (len === 0) continue
    const nx = (-(y1 - y0) / len) * r
    const ny = ((x1 - x0) / len) * r
    rings.push(positive([[x0 + nx, y0 + ny], [x1 + nx, y1 + ny], [x1 - nx, y1 - ny], [x0 - nx, y0 - ny]]))
  }
  for (let i = 0; i < pts.length; i++) {
    const end = !closed && (i === 0 || i === pts.length - 1)
    if (end && cap !== 'round') continue
    if (!end && r < 1.2) continue
    rings.push(positive(circle(pts[i][0], pts[i][1], r)))
  }
  return rings
}

function length(points) {
  let l = 0
  for (let i = 1; i < points.length; i++) l += Math.hypot(points[i][0] - points[i - 1][0], points[i][1] - points[i - 1][1])
  return l
}

// A filled shape around a centre line whose width goes from w0 to w1: a leaf, a blade of grass.
function taper(points, w0, w1) {
  const total = length(points) || 1
  const left = []
  const right = []
  let run = 0
  for (let i = 0; i < points.length; i++) {
    if (i > 0) run += Math.hypot(points[i][0] - points[i - 1][0], points[i][1] - points[i - 1][1])
    const a = points[Math.max(0, i - 1)]
    const b = points[Math.min(points.length - 1, i + 1)]
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1
    const half = (w0 + (w1 - w0) * (run / total)) / 2
    const nx = (-(b[1] - a[1]) / len) * half
    const ny = ((b[0] - a[0]) / len) * half
    left.push([points[i][0] + nx, points[i][1] + ny])
    right.push([points[i][0] - nx, points[i][1] - ny])
  }
  return [...left, ...right.reverse()]
}

function dashes(points, on, off) {
  const out = []
  let cur = []
  let drawing = true
  let left = on
  for (let i = 1; i < points.length; i++) {
    let [x0, y0] = points[i - 1]
    const [x1, y1] = points[i]
    let seg = Math.hypot(x1 - x0, y1 - y0)
    const ux = (x1 - x0) / (seg || 1)
    const uy = (y1 - y0) / (seg || 1)
    if (drawing && !cur.length) cur.push([x0, y0])
    while (seg > left) {
      x0 += ux * left
      y0 += uy * left
      seg -= left
      if (drawing) {
        cur.push([x0, y0])
        out.push(cur)
        cur = []
      } else cur = [[x0, y0]]
      drawing = !drawing
      left = drawing ? on : off
    }
    left -= seg
    if (drawing) cur.push([x1, y1])
  }
  if (drawing && cur.length > 1) out.push(cur)
  return out
}

// A closed organic blob (a patch of seagrass, a field) around a centre.
function blob(cx, cy, rx, ry, seed, wobble = 0.22, count = 11) {
  const rand = prng(seed)
  const pts = []
  for (let i = 0; i < count; i++) {
    const a = (i / count) * Math.PI * 2
    const k = 1 + (rand() * 2 - 1) * wobble
    pts.push([cx + Math.cos(a) * rx * k, cy + Math.sin(a) * ry * k])
  }
  return smooth(pts, true, 10)
}

function translate(ring, dx, dy) {
  return ring.map(([x, y]) => [x + dx, y + dy])
}

// ---------------------------------------------------------------- PNG

const CRC_TABLE = (() => {
  const t = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    t[n] = c >>> 0
  }
  return t
})()

function crc32(buf) {
  let c = 0xffffffff
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 255] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type, data) {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'ascii')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0)
  return Buffer.concat([head, data, crc])
}

// 8-bit RGB; each row gets the filter with the smallest sum of absolute residuals (the
// heuristic libpng uses), which keeps flat art with gradients small.
function encodePng(w, h, bytes) {
  const stride = w * 3
  const raw = Buffer.alloc((stride + 1) * h)
  const cand = Array.from({ length: 5 }, () => Buffer.alloc(stride))
  const zero = new Uint8Array(stride)
  for (let y = 0; y < h; y++) {
    const cur = bytes.subarray(y * stride, (y + 1) * stride)
    const up = y ? bytes.subarray((y - 1) * stride, y * stride) : zero
    let best = 0
    let bestScore = Infinity
    for (let f = 0; f < 5; f++) {
      const out = cand[f]
      let score = 0
      for (let i = 0; i < stride; i++) {
        const a = i >= 3 ? cur[i - 3] : 0
        const b = up[i]
        const c = i >= 3 ? up[i - 3] : 0
        let pred = 0
        if (f === 1) pred = a
        else if (f === 2) pred = b
        else if (f === 3) pred = (a + b) >> 1
        else if (f === 4) {
          const p = a + b - c
          const pa = Math.abs(p - a)
          const pb = Math.abs(p - b)
          const pc = Math.abs(p - c)
          pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c
        }
        const v = (cur[i] - pred) & 255
        out[i] = v
        score += v < 128 ? v : 256 - v
      }
      if (score < bestScore) {
        bestScore = score
        best = f
      }
    }
    raw[y * (stride + 1)] = best
    cand[best].copy(raw, y * (stride + 1) + 1)
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(w, 0)
  ihdr.writeUInt32BE(h, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 2 // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

// ---------------------------------------------------------------- shared figures

const INK = '#2b2d42'

// A bicycle and its rider in side view, rear hub at (x, ground - wheel radius).
function cyclist(cv, x, ground, { jacket, frame, pants = '#3d405b', skin = '#e0ac88', helmet, cargo = false, scale = 1, pedal = 0.6 }) {
  const s = scale
  const r = 27 * s
  const wy = ground - r
  const base = cargo ? 150 * s : 98 * s
  const rear = [x, wy]
  const front = [x + base, wy]
  const bb = [x + 38 * s, wy + 3 * s]
  const seat = [x + 27 * s, wy - 50 * s]
  const head = [x + (cargo ? 62 : 80) * s + (cargo ? 20 * s : 0), wy - 48 * s]
  if (cargo) {
    cv.fill([roundRect(x + 70 * s, wy - 44 * s, 66 * s, 44 * s, 5 * s)], '#d08c4f')
    cv.fill([rect(x + 74 * s, wy - 40 * s, 58 * s, 6 * s)], '#b9743a')
    cv.stroke([[x + 66 * s, wy + 2 * s], [front[0] - 10 * s, wy + 2 * s]], 4 * s, frame)
  }
  // A cargo bike's small front wheel still stands on the ground.
  const frontHub = cargo ? [front[0], wy + r * 0.25] : front
  for (const [c, rr] of [[rear, r], [frontHub, cargo ? r * 0.75 : r]]) {
    cv.stroke(circle(c[0], c[1], rr), 5 * s, INK, { closed: true })
    cv.fill([circle(c[0], c[1], 3.5 * s)], INK)
  }
  const fw = 4.5 * s
  cv.stroke([rear, bb, seat, rear], fw, frame, { closed: true })
  cv.stroke([bb, head], fw, frame)
  cv.stroke([[seat[0] + 3 * s, seat[1] + 6 * s], [head[0] - 2 * s, head[1] + 6 * s]], fw, frame)
  cv.stroke([head, frontHub], fw, frame)
  cv.stroke([head, [head[0] - 3 * s, head[1] - 12 * s], [head[0] + 10 * s, head[1] - 15 * s]], 4 * s, INK)
  cv.fill([roundRect(seat[0] - 11 * s, seat[1] - 6 * s, 22 * s, 6 * s, 3 * s)], INK)
  // Rider: legs by a two-link reach from hip to pedal.
  const hip = [seat[0] + 2 * s, seat[1] - 10 * s]
  const shoulder = [hip[0] + 33 * s, hip[1] - 50 * s]
  const grip = [head[0] + 6 * s, head[1] - 14 * s]
  const leg = (angle, shade) => {
    const foot = [bb[0] + Math.cos(angle) * 14 * s, bb[1] + Math.sin(angle) * 14 * s]
    const L = 40 * s
    const dx = foot[0] - hip[0]
    const dy = foot[1] - hip[1]
    const d = Math.min(Math.hypot(dx, dy), 2 * L - 0.01)
    const mid = [hip[0] + dx / 2, hip[1] + dy / 2]
    const h = Math.sqrt(Math.max(0, L * L - (d / 2) ** 2))
    const knee = [mid[0] + (-dy / Math.hypot(dx, dy)) * -h, mid[1] + (dx / Math.hypot(dx, dy)) * -h]
    cv.stroke([hip, knee, foot], 12 * s, shade)
    cv.stroke([foot, [foot[0] + 9 * s, foot[1]]], 6 * s, INK)
  }
  leg(pedal + Math.PI, mix(pants, '#000000', 0.25))
  cv.stroke([bb, [bb[0] + Math.cos(pedal) * 14 * s, bb[1] + Math.sin(pedal) * 14 * s]], 3 * s, INK)
  cv.stroke([hip, shoulder], 22 * s, jacket)
  leg(pedal, pants)
  cv.stroke([[shoulder[0] - 2 * s, shoulder[1] + 2 * s], [grip[0] - 10 * s, grip[1] - 6 * s], grip], 8 * s, jacket)
  cv.fill([circle(grip[0], grip[1], 4 * s)], skin)
  const hc = [shoulder[0] + 9 * s, shoulder[1] - 19 * s]
  cv.fill([circle(hc[0], hc[1], 11 * s)], skin)
  cv.fill([arcPoints(hc[0] + 1 * s, hc[1] - 1 * s, 13.5 * s, 12.5 * s, Math.PI, 2 * Math.PI, 16)], helmet ?? frame)
}

function tree(cv, x, ground, h, rand, greens = ['#6a994e', '#7fb069', '#588157']) {
  cv.fill([rect(x - 4, ground - h * 0.45, 8, h * 0.45)], '#7a5c45')
  const cy = ground - h * 0.65
  for (let i = 0; i < 5; i++) {
    const a = (i / 5) * Math.PI * 2 + rand() * 0.5
    cv.fill([circle(x + Math.cos(a) * h * 0.16, cy + Math.sin(a) * h * 0.13, h * (0.2 + rand() * 0.06))], greens[i % greens.length])
  }
  cv.fill([circle(x, cy - h * 0.06, h * 0.22)], greens[1])
}

// ---------------------------------------------------------------- 1. bicycle route map

function bikeRouteMap() {
  const cv = new Canvas(W, H, '#fbf8f1')
  const rand = prng(11)
  const parks = new Set(['2,1', '3,1', '6,4', '8,2', '0,3', '9,5'])
  for (let m = 0; m < 8; m++) {
    for (let k = 0; k < 11; k++) {
      const x = 30 + k * 110
      const y = 30 + m * 95
      const park = parks.has(`${k},${m}`)
      cv.fill([roundRect(x, y, 90, 75, 6)], park ? '#cfe6bd' : rand() < 0.5 ? '#ebe4d6' : '#e6dfcf')
      if (park) {
        for (let t = 0; t < 6; t++) cv.fill([circle(x + 14 + rand() * 62, y + 14 + rand() * 48, 6 + rand() * 4)], rand() < 0.5 ? '#9fcd86' : '#8cc072')
        cv.stroke(smooth([[x + 8, y + 60], [x + 40, y + 40], [x + 82, y + 50]]), 2, '#f6f2e6')
      } else if (rand() < 0.7) {
        for (let t = 0; t < 3; t++) {
          const bw = 20 + rand() * 22
          const bh = 16 + rand() * 18
          cv.fill([rect(x + 8 + rand() * (74 - bw), y + 8 + rand() * (59 - bh), bw, bh)], '#ddd4c2')
        }
      }
    }
  }
  // Water: a bay in the south-west and a river; a pale margin keeps blocks off the shore.
  const bay = [[0, 430], ...smooth([[0, 430], [120, 450], [230, 520], [300, 600], [330, 675]]).slice(1), [0, 675]]
  const river = smooth([[330, 690], [420, 560], [560, 470], [720, 420], [880, 300], [1020, 215], [1210, 170]])
  cv.stroke(bay.slice(0, -1), 26, '#fbf8f1')
  cv.fill([bay], '#a9d6e5')
  cv.stroke(river, 76, '#fbf8f1')
  cv.stroke(river, 50, '#a9d6e5')
  for (let i = 0; i < 7; i++) cv.stroke([[30 + i * 40, 560 + (i % 3) * 30], [52 + i * 40, 560 + (i % 3) * 30]], 2, '#c6e5ef')
  // Avenues.
  for (const road of [[[0, 210], [1200, 210]], [[570, 0], [570, 675]], [[0, 590], [1200, 590]]]) {
    cv.stroke(road, 16, '#d9d2c3')
    cv.stroke(road, 12, '#ffffff')
  }
  // Tram line with its stops.
  const tram = rounded([[0, 400], [350, 400], [350, 20], [680, 20]], 26)
  const tram2 = rounded([[680, 20], [680, 495], [1200, 495]], 26)
  for (const line of [tram, tram2]) cv.stroke(line, 7, '#7b5ea7')
  for (const [x, y] of [[120, 400], [350, 250], [350, 90], [680, 150], [680, 400], [900, 495], [1120, 495]]) {
    cv.fill([circle(x, y, 9)], '#ffffff')
    cv.stroke(circle(x, y, 9), 4, '#7b5ea7', { closed: true })
  }
  // Planned link, dashed.
  const planned = rounded([[240, 675], [240, 305], [20, 305]], 24)
  for (const d of dashes(planned, 16, 11)) cv.stroke(d, 8, '#2a9d8f')
  const planned2 = rounded([[790, 305], [1010, 305], [1010, 675]], 24)
  for (const d of dashes(planned2, 16, 11)) cv.stroke(d, 8, '#2a9d8f')
  // The protected bike route: white casing, then the line.
  const route = rounded([[130, 675], [130, 495], [460, 495], [460, 305], [790, 305], [790, 115], [1200, 115]], 30)
  cv.stroke(route, 18, '#ffffff')
  cv.stroke(route, 11, '#e76f51')
  for (const [x, y] of [[130, 560], [300, 495], [460, 400], [625, 305], [790, 210], [950, 115], [1110, 115]]) {
    cv.fill([circle(x, y, 12)], '#ffffff')
    cv.stroke(circle(x, y, 12), 5, '#e76f51', { closed: true })
    cv.fill([circle(x, y, 4)], '#e76f51')
  }
  // Compass.
  cv.fill([circle(1130, 630, 30)], '#000000', 0.08)
  cv.fill([circle(1128, 626, 30)], '#ffffff')
  cv.fill([[[1128, 600], [1138, 626], [1118, 626]]], '#e76f51')
  cv.fill([[[1128, 652], [1138, 626], [1118, 626]]], '#9aa0a6')
  // Legend card: a bicycle beside the route colour, a tram beside the tram colour.
  cv.fill([roundRect(34, 34, 196, 122, 12)], '#000000', 0.08)
  cv.fill([roundRect(30, 30, 196, 122, 12)], '#ffffff')
  cv.stroke([[52, 64], [104, 64]], 11, '#e76f51')
  cv.stroke(circle(136, 68, 10), 3, INK, { closed: true })
  cv.stroke(circle(172, 68, 10), 3, INK, { closed: true })
  cv.stroke([[136, 68], [148, 68], [142, 54], [165, 54], [172, 68]], 3, '#e76f51')
  cv.stroke([[148, 68], [160, 54]], 3, '#e76f51')
  cv.stroke([[52, 100], [104, 100]], 7, '#7b5ea7')
  cv.fill([roundRect(126, 88, 56, 22, 6)], '#7b5ea7')
  for (let i = 0; i < 4; i++) cv.fill([rect(131 + i * 12, 92, 9, 8)], '#e9e1f5')
  cv.stroke([[154, 88], [146, 80], [162, 80]], 2, INK)
  for (const d of dashes([[52, 134], [104, 134]], 12, 8)) cv.stroke(d, 7, '#2a9d8f')
  cv.fill([[[144, 144], [154, 120], [164, 144]]], '#f4a261')
  cv.fill([rect(140, 142, 28, 5)], '#f4a261')
  cv.fill([rect(148, 130, 12, 4)], '#ffffff')
  return cv
}

// ---------------------------------------------------------------- 2. protected bike lane

function bikeLaneStreet() {
  const cv = new Canvas(W, H, linear(0, 0, 0, 430, [[0, '#bfe1ef'], [1, '#eef7f8']]))
  const rand = prng(23)
  cv.fill([circle(1010, 110, 46)], '#fff4d6')
  for (const [x, y, s] of [[180, 90, 1], [640, 60, 0.8], [900, 150, 0.7]]) {
    for (const [dx, dy, r] of [[0, 0, 26], [30, -12, 32], [62, 0, 24], [30, 8, 26]]) cv.fill([circle(x + dx * s, y + dy * s, r * s)], '#ffffff', 0.9)
  }
  // Far skyline, then the street's buildings.
  let x = -20
  while (x < W) {
    const w = 60 + rand() * 70
    const h = 160 + rand() * 170
    cv.fill([rect(x, 430 - h, w, h)], '#d5e2e7')
    x += w
  }
  const colors = ['#e9c46a', '#f4a261', '#e5989b', '#a8dadc', '#b5c99a', '#cdb4db', '#f1c0a6']
  x = -10
  let i = 0
  while (x < W) {
    const w = 130 + rand() * 80
    const h = 190 + rand() * 120
    const top = 430 - h
    const col = colors[i++ % colors.length]
    cv.fill([rect(x, top, w, h)], col)
    cv.fill([rect(x - 4, top - 10, w + 8, 12)], mix(col, '#000000', 0.18))
    const win = mix(col, '#ffffff', 0.55)
    const frame = mix(col, '#000000', 0.12)
    for (let wy = top + 24; wy < 370; wy += 56) {
      for (let wx = x + 18; wx < x + w - 40; wx += 44) {
        cv.fill([rect(wx - 3, wy - 3, 32, 40)], frame)
        cv.fill([rect(wx, wy, 26, 34)], win)
        cv.fill([rect(wx, wy + 16, 26, 3)], frame)
      }
    }
    cv.fill([rect(x + w / 2 - 18, 380, 36, 50)], mix(col, '#000000', 0.3))
    cv.fill([rect(x + 10, 372, w - 20, 6)], mix(col, '#000000', 0.2))
    x += w
  }
  cv.fill([rect(0, 428, W, 30)], '#d9d3c5')
  for (const tx of [70, 390, 760, 1110]) tree(cv, tx, 440, 150, rand)
  // Overhead line and poles.
  for (const px of [60, 600, 1140]) cv.fill([rect(px - 4, 250, 8, 210)], '#5c677d')
  cv.stroke([[0, 276], [W, 276]], 2.5, '#5c677d')
  // Road and tram.
  cv.fill([rect(0, 458, W, 90)], '#7d8793')
  cv.stroke([[0, 528], [W, 528]], 4, '#5f6873')
  for (let rx = 10; rx < W; rx += 70) cv.stroke([[rx, 500], [rx + 36, 500]], 4, '#e9ecef')
  const tx0 = 300
  const tw = 640
  cv.stroke([[tx0 + 260, 330], [tx0 + 290, 296], [tx0 + 320, 276]], 4, INK)
  cv.stroke([[tx0 + 380, 330], [tx0 + 330, 296], [tx0 + 320, 276]], 4, INK)
  for (const dx of [90, 550]) {
    cv.fill([roundRect(tx0 + dx - 50, 494, 100, 24, 8)], '#343a40')
    cv.fill([circle(tx0 + dx - 24, 515, 12), circle(tx0 + dx + 24, 515, 12)], INK)
  }
  cv.fill([roundRect(tx0, 330, tw, 182, 26)], '#f8f9fa')
  cv.fill([rect(tx0 + 2, 470, tw - 4, 28)], '#e63946')
  cv.fill([roundRect(tx0 + 18, 350, tw - 36, 70, 12)], '#3d5a80')
  for (let k = 0; k < 7; k++) cv.fill([roundRect(tx0 + 28 + k * 86, 358, 72, 54, 6)], '#98c1d9')
  for (const dx of [150, 460]) {
    cv.fill([rect(tx0 + dx, 352, 52, 146)], '#ced4da')
    cv.fill([rect(tx0 + dx + 4, 358, 20, 70)], '#98c1d9')
    cv.fill([rect(tx0 + dx + 28, 358, 20, 70)], '#98c1d9')
  }
  // Separator: kerb, planters and posts.
  cv.fill([rect(0, 548, W, 16)], '#cfcabe')
  for (let px = 40; px < W; px += 240) {
    cv.fill([roundRect(px, 530, 120, 26, 6)], '#8d6e63')
    for (let k = 0; k < 5; k++) cv.fill([circle(px + 14 + k * 23, 528, 15)], k % 2 ? '#6a994e' : '#7fb069')
    cv.fill([roundRect(px + 170, 520, 9, 38, 4)], '#ffffff')
    cv.fill([rect(px + 170, 528, 9, 6)], '#e63946')
  }
  // The bike lane and its riders.
  cv.fill([rect(0, 564, W, 82)], '#4f9d69')
  cv.stroke([[0, 643], [W, 643]], 4, '#ffffff')
  for (const d of dashes([[0, 568], [W, 568]], 26, 16)) cv.stroke(d, 3, '#ffffff', { cap: 'butt' })
  cv.fill([rect(0, 646, W, 29)], '#e3ddcf')
  for (let k = 0; k < W; k += 60) cv.stroke([[k, 646], [k, 675]], 2, '#d3ccbc')
  cyclist(cv, 120, 630, { jacket: '#f4d35e', frame: '#1d3557', helmet: '#e63946' })
  cyclist(cv, 520, 632, { jacket: '#e76f51', frame: '#2a9d8f', helmet: '#264653', cargo: true, pedal: 2.2 })
  cyclist(cv, 930, 630, { jacket: '#457b9d', frame: '#e9c46a', pants: '#6d597a', helmet: '#f1faee', pedal: 4 })
  return cv
}

// ---------------------------------------------------------------- 3. seagrass meadow

function seagrassMeadow() {
  const cv = new Canvas(W, H, linear(0, 0, 0, H, [[0, '#6cc3d5'], [0.55, '#2f8fab'], [1, '#1b5f78']]))
  const rand = prng(7)
  // Light from the surface.
  for (let k = 0; k < 5; k++) {
    const x = 60 + k * 240 + rand() * 60
    cv.fill([[[x, 0], [x + 60 + rand() * 40, 0], [x + 200, 560], [x + 90, 560]]], '#ffffff', 0.06)
  }
  const surface = []
  for (let sx = 0; sx <= W; sx += 40) surface.push([sx, 14 + Math.sin(sx / 55) * 6])
  cv.fill([[[0, 0], ...smooth(surface), [W, 0]]], '#b6e6ef', 0.55)
  // Distant meadow, a dim band.
  for (let k = 0; k < 45; k++) {
    const bx = rand() * W
    const base = 470 + rand() * 20
    const h = 50 + rand() * 60
    const bend = (rand() - 0.3) * 40
    cv.fill([taper(cubic([bx, base], [bx, base - h / 2], [bx + bend / 2, base - h], [bx + bend, base - h * 1.05], 12), 5, 0.5)], '#2b7d7f', 0.7)
  }
  // Seabed.
  const bed = []
  for (let sx = 0; sx <= W; sx += 100) bed.push([sx, 486 + Math.sin(sx / 130) * 14])
  cv.fill([[...smooth(bed), [W, H], [0, H]]], linear(0, 480, 0, H, [[0, '#d8c79c'], [1, '#c4ae7c']]))
  for (let k = 0; k < 40; k++) {
    const x0 = rand() * W
    const y0 = 520 + rand() * 150
    cv.stroke(smooth([[x0, y0], [x0 + 30, y0 - 4], [x0 + 60, y0]]), 3, '#e6d8b3', { opacity: 0.8 })
  }
  for (let k = 0; k < 26; k++) cv.fill([ellipse(rand() * W, 520 + rand() * 150, 6 + rand() * 10, 4 + rand() * 5)], rand() < 0.5 ? '#b8a272' : '#cfbd91')
  // A survey quadrat lying on the sand.
  const q = [[760, 590], [990, 590], [1050, 655], [700, 655]]
  cv.stroke(q, 7, '#f4f1de', { closed: true })
  cv.stroke([[875, 590], [875, 655]], 3, '#f4f1de')
  cv.stroke([[730, 622], [1020, 622]], 3, '#f4f1de')
  for (const [x, y] of q) cv.fill([circle(x, y, 6)], '#f4a261')
  // Fish school.
  const fish = (x, y, s, col, flip = 1) => {
    cv.fill([ellipse(x, y, 18 * s, 7 * s)], col)
    cv.fill([[[x - 15 * s * flip, y], [x - 28 * s * flip, y - 8 * s], [x - 28 * s * flip, y + 8 * s]]], col)
    cv.fill([circle(x + 10 * s * flip, y - 2 * s, 2 * s)], '#1b3a4b')
  }
  for (let k = 0; k < 9; k++) fish(620 + (k % 3) * 52 + rand() * 14, 150 + Math.floor(k / 3) * 30 + rand() * 12, 1, '#f2e9c9')
  fish(210, 250, 1.6, '#f4a261', -1)
  fish(270, 280, 1.1, '#f4a261', -1)
  // Bubbles.
  for (let k = 0; k < 14; k++) {
    const bx = 1040 + Math.sin(k * 1.7) * 18
    const by = 440 - k * 30
    cv.stroke(circle(bx, by, 3 + (k % 4)), 1.8, '#e8f7fa', { closed: true, opacity: 0.8 })
  }
  // The meadow: clusters of long blades swaying with the current.
  const greens = ['#3f8f3f', '#4ea64a', '#2f7a3a', '#63b552', '#3a9a5b']
  const clusters = []
  for (let cx = 20; cx < W; cx += 78) clusters.push(cx + rand() * 30)
  for (const cx of clusters) {
    if (cx > 700 && cx < 1060) continue
    const base = 505 + rand() * 60
    const blades = 3 + Math.floor(rand() * 3)
    for (let b = 0; b < blades; b++) {
      const bx = cx + (rand() - 0.5) * 30
      const h = 170 + rand() * 200
      const sway = 40 + rand() * 60
      const pts = cubic([bx, base], [bx + (rand() - 0.5) * 20, base - h * 0.4], [bx + sway * 0.5, base - h * 0.8], [bx + sway, base - h], 24)
      cv.fill([taper(pts, 14, 2)], greens[Math.floor(rand() * greens.length)])
    }
  }
  // A crab beside the quadrat.
  const cx = 640
  const cy = 618
  for (const s of [-1, 1]) {
    for (let l = 0; l < 3; l++) cv.stroke([[cx + s * 14, cy + l * 4], [cx + s * 30, cy - 4 + l * 6], [cx + s * 36, cy + 8 + l * 6]], 3.5, '#c0392b')
    cv.stroke([[cx + s * 10, cy - 6], [cx + s * 22, cy - 20]], 4, '#c0392b')
    cv.fill([ellipse(cx + s * 24, cy - 24, 8, 6, s * 0.5)], '#d35445')
  }
  cv.fill([ellipse(cx, cy, 22, 14)], '#d35445')
  cv.fill([circle(cx - 6, cy - 14, 3)], INK)
  cv.fill([circle(cx + 6, cy - 14, 3)], INK)
  return cv
}

// ---------------------------------------------------------------- 4. the bay from above

function bayAerial() {
  const cv = new Canvas(W, H, radial(1250, 760, 1100, [[0, '#1f6f8f'], [0.45, '#2f8fab'], [0.8, '#5fbccc'], [1, '#8fd8dc']]))
  const rand = prng(31)
  const coast = smooth([[-20, 530], [110, 470], [190, 360], [330, 300], [450, 210], [600, 170], [760, 120], [900, 70], [1060, 50], [1220, 20]], false, 20)
  const land = [...coast, [1220, -20], [-20, -20]]
  // Shallows and sand, by widening strokes of the shoreline.
  cv.stroke(coast, 150, '#7fd0d4', { opacity: 0.55 })
  cv.stroke(coast, 80, '#9fe0dc', { opacity: 0.7 })
  cv.stroke(coast, 34, '#efe2b8')
  cv.fill([land], '#a9c98a')
  // Fields and hedges on land.
  const fields = ['#b9d49a', '#9fbf7a', '#c7d9a0', '#93b56f', '#d6dfa5']
  const coastY = (x) => {
    for (let i = 1; i < coast.length; i++) if (coast[i][0] >= x) return coast[i][1]
    return coast[coast.length - 1][1]
  }
  for (let k = 0; k < 60; k++) {
    const fx = rand() * 1200
    const fy = rand() * 420
    const rx = 60 + rand() * 40
    const ry = 36 + rand() * 24
    if (Math.max(fy + ry * 1.3 - coastY(fx - rx), fy + ry * 1.3 - coastY(fx + rx)) > -10) continue
    cv.fill([blob(fx, fy, rx, ry, 100 + k, 0.12, 6)], rand.pick(fields))
  }
  cv.stroke(coast, 34, '#efe2b8')
  cv.fill([[...coast.slice().reverse(), ...translate(coast, 0, -10)]], '#efe2b8')
  // Harbour town: rooftops along the shore, a road, a pier.
  const road = smooth([[-20, 420], [140, 380], [260, 270], [420, 170], [640, 110], [900, 30], [1000, -10]])
  cv.stroke(road, 10, '#e9e4d8')
  for (let k = 0; k < 45; k++) {
    const t = rand()
    const p = road[Math.floor(t * (road.length - 1))]
    const dx = (rand() - 0.5) * 90
    const dy = (rand() - 0.8) * 70
    if (p[1] + dy > 360 - p[0] * 0.3) continue
    const w = 12 + rand() * 10
    cv.fill([rect(p[0] + dx, p[1] + dy, w, w * 0.8)], rand.pick(['#c4674f', '#d9805f', '#b5543c', '#e8ddd0', '#9c8a7a']))
  }
  cv.stroke([[430, 230], [520, 320]], 9, '#c8b79a')
  cv.stroke([[500, 300], [540, 290]], 9, '#c8b79a')
  // Seagrass meadows in the shallows.
  const meadows = [[330, 440, 130, 70, 5], [560, 360, 150, 66, 6], [810, 260, 170, 70, 8], [1040, 180, 140, 60, 9], [700, 470, 120, 54, 10]]
  for (const [mx, my, rx, ry, seed] of meadows) {
    cv.fill([blob(mx, my, rx, ry, seed, 0.25)], '#2e7d5b', 0.78)
    const r2 = prng(seed * 13)
    for (let k = 0; k < 60; k++) {
      const a = r2() * Math.PI * 2
      const d = Math.sqrt(r2()) * 0.85
      cv.fill([circle(mx + Math.cos(a) * rx * d, my + Math.sin(a) * ry * d, 2 + r2() * 3)], '#3f9a6a', 0.8)
    }
  }
  // Old chain moorings leave bare halos; the new moorings do not.
  const water = radial(1250, 760, 1100, [[0, '#1f6f8f'], [0.45, '#2f8fab'], [0.8, '#5fbccc'], [1, '#8fd8dc']])
  for (const [bx, by] of [[520, 350], [600, 385], [780, 250]]) {
    cv.fill([circle(bx, by, 24)], water, 0.92)
    cv.fill([circle(bx, by, 6)], '#e63946')
    cv.stroke(circle(bx, by, 6), 2, '#ffffff', { closed: true })
  }
  for (const [bx, by] of [[860, 280], [930, 250], [1060, 200]]) {
    cv.fill([circle(bx, by, 6)], '#f4d35e')
    cv.stroke(circle(bx, by, 6), 2, '#ffffff', { closed: true })
  }
  // A newly planted plot: rows of seed bags marked by corner buoys.
  for (let r = 0; r < 5; r++) for (let c = 0; c < 8; c++) cv.fill([circle(280 + c * 14, 540 + r * 14, 3)], '#3f9a6a')
  for (const [bx, by] of [[270, 530], [388, 530], [270, 606], [388, 606]]) cv.fill([circle(bx, by, 4)], '#f4a261')
  // Boats and a wake.
  const boat = (x, y, a, s, hull = '#ffffff') => {
    const c = Math.cos(a)
    const sn = Math.sin(a)
    const tr = (pts) => pts.map(([px, py]) => [x + (px * c - py * sn) * s, y + (px * sn + py * c) * s])
    cv.fill([tr([[-22, -8], [14, -8], [26, 0], [14, 8], [-22, 8]])], '#000000', 0.15)
    cv.fill([tr([[-24, -9], [12, -9], [24, -1], [12, 7], [-24, 7]])], hull)
    cv.fill([tr(rect(-14, -5, 14, 8))], '#cfd8dc')
  }
  for (let k = 0; k < 6; k++) {
    const w = 3 + k * 1.2
    cv.stroke([[905 - k * 40, 440 + k * 18], [935 - k * 36, 462 + k * 20]], w, '#ffffff', { opacity: 0.5 - k * 0.07 })
    cv.stroke([[905 - k * 40, 440 + k * 18], [868 - k * 40, 470 + k * 22]], w, '#ffffff', { opacity: 0.5 - k * 0.07 })
  }
  boat(930, 425, -0.42, 1.4)
  boat(520, 335, 0.9, 1)
  boat(1100, 330, 2.6, 1.1, '#f1c0a6')
  return cv
}

// ---------------------------------------------------------------- 5. heat pump

function heatPump() {
  const cv = new Canvas(W, H, linear(0, 0, 0, 560, [[0, '#cfe3f1'], [1, '#f1f6fa']]))
  const rand = prng(5)
  for (const [x, y, s] of [[150, 90, 1], [760, 70, 0.8]]) {
    for (const [dx, dy, r] of [[0, 0, 28], [34, -14, 34], [70, 0, 26], [34, 8, 28]]) cv.fill([circle(x + dx * s, y + dy * s, r * s)], '#ffffff')
  }
  for (let k = 0; k < 40; k++) {
    const x = rand() * W
    const y = rand() * 520
    if (x > 270 && x < 960 && y > 90) continue
    const r = 3 + rand() * 3
    for (let a = 0; a < 3; a++) {
      const an = (a * Math.PI) / 3
      cv.stroke([[x - Math.cos(an) * r, y - Math.sin(an) * r], [x + Math.cos(an) * r, y + Math.sin(an) * r]], 1.6, '#ffffff')
    }
  }
  // Ground under snow.
  cv.fill([rect(0, 560, W, 115)], '#dfe7ee')
  cv.fill([[...smooth([[0, 560], [200, 552], [420, 560], [700, 556], [1000, 562], [1200, 554]]), [1200, 580], [0, 580]]], '#ffffff')
  // A bare tree.
  const trunk = '#7d6b5d'
  cv.fill([[[120, 560], [134, 560], [130, 380], [124, 380]]], trunk)
  for (const [x0, y0, x1, y1, w] of [[127, 470, 70, 400, 6], [127, 440, 190, 370, 6], [127, 400, 100, 320, 5], [127, 390, 160, 310, 5], [90, 420, 60, 380, 3], [170, 390, 205, 350, 3]]) {
    cv.stroke([[x0, y0], [x1, y1]], w, trunk)
  }
  // The house in section.
  const L = 300
  const R = 880
  cv.fill([rect(L, 250, R - L, 310)], '#fff7ea')
  cv.fill([[[L - 40, 262], [(L + R) / 2, 100], [R + 40, 262]]], '#b5543c')
  cv.fill([[[L + 10, 252], [(L + R) / 2, 128], [R - 10, 252]]], '#f3e3cc')
  cv.stroke([[L - 36, 258], [(L + R) / 2, 97], [R + 36, 258]], 8, '#ffffff')
  for (const x of [L, R - 22]) {
    cv.fill([rect(x, 250, 22, 310)], '#d8c3a5')
    for (let y = 258; y < 556; y += 14) cv.stroke([[x + 4, y], [x + 18, y + 8]], 2, '#f2d06b')
  }
  cv.fill([rect(L, 398, R - L, 14)], '#b89b7a')
  cv.fill([rect(L, 548, R - L, 12)], '#b89b7a')
  cv.fill([rect(L + 22, 412, 56, 136)], '#ffffff')
  cv.fill([rect(L + 26, 416, 48, 60)], '#bfdcec')
  // Radiators with warmth rising.
  const radiator = (x, y) => {
    cv.fill([roundRect(x, y, 120, 56, 6)], '#f5f5f5')
    cv.stroke(roundRect(x, y, 120, 56, 6), 2.5, '#b0b7bd', { closed: true })
    for (let k = 1; k < 10; k++) cv.stroke([[x + k * 12, y + 8], [x + k * 12, y + 48]], 2, '#c9cfd4')
    for (let k = 0; k < 3; k++) {
      const wx = x + 24 + k * 34
      const wave = []
      for (let t = 0; t <= 8; t++) wave.push([wx + Math.sin(t * 0.9) * 6, y - 12 - t * 4.5])
      cv.stroke(wave, 4, '#f4a261', { opacity: 0.85 })
    }
  }
  radiator(360, 326)
  radiator(600, 326)
  radiator(440, 476)
  // Hot water cylinder.
  cv.fill([roundRect(730, 420, 74, 128, 30)], '#e9ecef')
  cv.stroke(roundRect(730, 420, 74, 128, 30), 3, '#adb5bd', { closed: true })
  const coil = []
  for (let k = 0; k <= 8; k++) coil.push([k % 2 ? 790 : 744, 450 + k * 10])
  cv.stroke(coil, 4, '#e4572e', { opacity: 0.8 })
  // Pipes: flow (warm) and return (cool). Warm pipes cross over cool ones with a gap.
  const cool = [
    [[470, 382], [470, 392], [844, 392], [844, 508], [950, 508]],
    [[710, 382], [710, 392]],
    [[550, 532], [550, 542], [844, 542], [844, 508]],
    [[804, 525], [844, 525]],
  ]
  const warm = [
    [[950, 478], [830, 478], [830, 268], [375, 268], [375, 326]],
    [[615, 268], [615, 326]],
    [[830, 424], [455, 424], [455, 476]],
    [[830, 450], [804, 450]],
  ]
  for (const p of cool) cv.stroke(rounded(p, 8), 7, '#3a86ff')
  for (const p of warm) cv.stroke(rounded(p, 8), 13, '#fff7ea')
  for (const p of warm) cv.stroke(rounded(p, 8), 7, '#e4572e')
  // Outdoor unit with its fan.
  cv.fill([rect(960, 552, 12, 12), rect(1120, 552, 12, 12)], '#6c757d')
  cv.fill([roundRect(950, 440, 190, 116, 10)], '#eef1f3')
  cv.stroke(roundRect(950, 440, 190, 116, 10), 3, '#9aa5ad', { closed: true })
  cv.fill([circle(1020, 498, 44)], '#d9dee2')
  for (let k = 0; k < 4; k++) {
    const a = (k / 4) * Math.PI * 2 + 0.3
    cv.fill([ellipse(1020 + Math.cos(a) * 20, 498 + Math.sin(a) * 20, 20, 8, a)], '#8d99a6')
  }
  cv.fill([circle(1020, 498, 7)], '#5c677d')
  for (const r of [20, 32, 44]) cv.stroke(circle(1020, 498, r), 2, '#5c677d', { closed: true, opacity: 0.8 })
  for (let k = 0; k < 6; k++) cv.stroke([[1082 + k * 9, 458], [1082 + k * 9, 538]], 2.5, '#b8c1c8')
  cv.fill([rect(950, 436, 190, 8)], '#ffffff')
  // Outside heat drawn in: cool arrows towards the fan.
  for (let k = 0; k < 3; k++) {
    const y = 330 + k * 44
    const pts = []
    for (let t = 0; t <= 14; t++) pts.push([1180 - t * 7, y + Math.sin(t * 0.8) * 6 + t * 5])
    cv.stroke(pts, 5, '#5aa9e6')
    const [ex, ey] = pts[pts.length - 1]
    cv.fill([[[ex - 12, ey + 6], [ex + 4, ey - 8], [ex + 8, ey + 10]]], '#5aa9e6')
  }
  return cv
}

// ---------------------------------------------------------------- 6. library scanning room

function libraryScanning() {
  const cv = new Canvas(W, H, '#f3e6d3')
  const rand = prng(3)
  // Window with winter light, behind the scanning desk.
  cv.fill([rect(800, 60, 300, 220)], '#e7d3b8')
  cv.fill([rect(812, 72, 276, 196)], linear(0, 72, 0, 268, [[0, '#cfe6f2'], [1, '#eef6f8']]))
  cv.fill([rect(946, 72, 8, 196), rect(812, 166, 276, 8)], '#e7d3b8')
  cv.fill([rect(790, 276, 320, 14)], '#d8bf9d')
  // Floor and rug.
  cv.fill([rect(0, 560, W, 115)], '#c89f77')
  for (let k = 0; k < 8; k++) cv.stroke([[0, 572 + k * 14], [W, 572 + k * 14]], 1.5, '#b88e66')
  cv.fill([roundRect(140, 600, 560, 60, 16)], '#8c5e58')
  cv.stroke(roundRect(152, 608, 536, 44, 12), 3, '#c99b86', { closed: true })
  // Bookcase.
  cv.fill([rect(40, 60, 680, 500)], '#6f4a2f')
  cv.fill([rect(40, 60, 680, 16), rect(40, 60, 16, 500), rect(704, 60, 16, 500)], '#8b5e3c')
  const books = ['#c0392b', '#2e86ab', '#f4a261', '#2a9d8f', '#e9c46a', '#6d597a', '#b56576', '#457b9d', '#8a9a5b', '#d9d2c3', '#264653', '#e76f51']
  for (let row = 0; row < 4; row++) {
    const floor = 180 + row * 120
    cv.fill([rect(40, floor, 680, 14)], '#8b5e3c')
    let x = 62
    while (x < 690) {
      if (row === 2 && x > 400 && x < 470) {
        // Grey archive boxes waiting for the scanner.
        for (let b = 0; b < 2; b++) {
          cv.fill([rect(x + b * 100, floor - 78, 94, 78)], '#9aa8b5')
          cv.fill([rect(x + b * 100 + 26, floor - 56, 42, 18)], '#f1f3f5')
          cv.fill([circle(x + b * 100 + 47, floor - 20, 6)], '#7b8794')
        }
        x += 205
        continue
      }
      const w = 14 + Math.floor(rand() * 18)
      const h = 66 + Math.floor(rand() * 34)
      if (x + w > 698) break
      const col = rand.pick(books)
      if (rand() < 0.06 && x + h < 690) {
        cv.fill([[[x, floor], [x + 10, floor - 2], [x + h * 0.55 + 10, floor - h * 0.8], [x + h * 0.55, floor - h * 0.83]]], col)
        x += 34
        continue
      }
      cv.fill([rect(x, floor - h, w, h)], col)
      const band = mix(col, '#ffffff', 0.45)
      cv.fill([rect(x, floor - h + 10, w, 4), rect(x, floor - 16, w, 3)], band)
      x += w + (rand() < 0.15 ? 3 : 1)
    }
  }
  // Scanning desk.
  cv.fill([rect(770, 470, 380, 18)], '#9c6b43')
  cv.fill([rect(790, 488, 16, 80), rect(1114, 488, 16, 80)], '#7f5536')
  cv.fill([rect(780, 488, 360, 8)], '#000000', 0.1)
  // Book cradle: two boards in a shallow V, an open book on them.
  cv.fill([[[830, 470], [960, 470], [960, 452], [840, 440]], [[960, 470], [1090, 470], [1080, 440], [960, 452]]], '#495057')
  cv.fill([[[842, 436], [958, 448], [958, 398], [850, 384]]], '#fffaf0')
  cv.fill([[[962, 448], [1078, 436], [1070, 384], [962, 398]]], '#fdf3e1')
  for (let k = 0; k < 6; k++) {
    cv.stroke([[858, 396 + k * 7], [946, 406 + k * 7]], 2, '#b7ac98')
    cv.stroke([[974, 406 + k * 7], [1060, 396 + k * 7]], 2, '#b7ac98')
  }
  cv.stroke([[960, 398], [960, 450]], 2, '#d6c7ab')
  // Camera on its arm, lights either side.
  cv.fill([rect(1120, 170, 10, 300)], '#343a40')
  cv.fill([rect(930, 170, 200, 10)], '#343a40')
  cv.fill([roundRect(928, 180, 64, 44, 8)], INK)
  cv.fill([circle(960, 230, 14)], '#1a1b2a')
  cv.fill([circle(960, 230, 7)], '#4a6fa5')
  cv.fill([[[960, 236], [1090, 430], [830, 430]]], '#fff6c9', 0.28)
  for (const [x, a] of [[850, 0.5], [1070, -0.5]]) {
    cv.stroke([[x + (x < 960 ? -12 : 12), 300], [x + (x < 960 ? 60 : -60), 180]], 4, '#6c757d')
    cv.fill([ellipse(x, 300, 34, 8, a)], '#f8f9fa')
    cv.stroke(ellipse(x, 300, 34, 8, a), 2, '#6c757d', { closed: true })
  }
  // Laptop showing the captured page.
  cv.fill([[[780, 470], [900, 470], [910, 476], [770, 476]]], '#adb5bd')
  cv.fill([roundRect(790, 392, 100, 78, 5)], '#343a40')
  cv.fill([rect(796, 398, 88, 66)], '#e9ecef')
  cv.fill([rect(820, 402, 40, 58)], '#fffaf0')
  for (let k = 0; k < 6; k++) cv.fill([rect(824, 408 + k * 8, 32, 2)], '#b7ac98')
  // A plant on the sill.
  cv.fill([[[1040, 276], [1076, 276], [1070, 246], [1046, 246]]], '#c4674f')
  for (const a of [-0.9, -0.4, 0.1, 0.6, 1.0]) cv.fill([taper(quad([1058, 248], [1058 + a * 30, 220], [1058 + a * 50, 200 - Math.abs(a) * 10]), 9, 1)], '#6a994e')
  return cv
}

const IMAGES = {
  'bike-route-map.png': bikeRouteMap,
  'bike-lane-street.png': bikeLaneStreet,
  'seagrass-meadow.png': seagrassMeadow,
  'bay-aerial.png': bayAerial,
  'heat-pump-house.png': heatPump,
  'library-scanning.png': libraryScanning,
}

mkdirSync(OUT, { recursive: true })
const only = process.argv[2]
for (const [name, draw] of Object.entries(IMAGES)) {
  if (only && !name.includes(only)) continue
  const started = Date.now()
  const png = draw().png()
  writeFileSync(join(OUT, name), png)
  console.log(`${name}  ${(png.length / 1024).toFixed(1)} KB  ${Date.now() - started} ms`)
}
