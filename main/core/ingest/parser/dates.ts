// Any date a feed writes → ISO 8601 in UTC. A date without a zone is read as UTC:
// the machine's zone would make results depend on where they are parsed.

const MONTHS: Record<string, number> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11,
}
const ZONES: Record<string, number> = {
  ut: 0, utc: 0, gmt: 0, z: 0, est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420,
  bst: 60, cet: 60, cest: 120, eet: 120, eest: 180, ist: 330, jst: 540, aest: 600, aedt: 660,
}

const ISO_DATE =
  /^(\d{4})(?:-?(\d{2})(?:-?(\d{2})(?:[T\s](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i
const RFC822_DATE =
  /^(?:[a-z]{2,9},?\s*)?(\d{1,2})[\s-]+([a-z]{3})[a-z]*\.?[\s-]+(\d{2,4})(?:[\sT]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(?:([a-z]{1,5}|[+-]\d{2}:?\d{2}|[+-]\d{4})(?:\s*\(.*\))?)?$/i

/** Any date a feed writes (ISO 8601, W3CDTF, RFC 822 and its variants) → ISO 8601, or undefined. */
export function parseDate(raw: string | undefined): string | undefined {
  const s = raw?.trim()
  // No real date is this long; a huge value would only feed the patterns below.
  if (!s || s.length > 120) return undefined
  const ms = parseIsoDate(s) ?? parseRfc822Date(s) ?? parseLooseDate(s)
  if (ms === undefined || Number.isNaN(ms)) return undefined
  const date = new Date(ms)
  const year = date.getUTCFullYear()
  return year >= 1000 && year <= 9999 ? date.toISOString() : undefined
}

function zoneOffsetMinutes(zone: string | undefined): number | undefined {
  if (!zone) return 0
  const named = ZONES[zone.toLowerCase()]
  if (named !== undefined) return named
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)
  if (!m) return zone.length === 1 ? 0 : undefined // military zone letters: rare, call them UTC
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0)
  return m[1] === '-' ? -minutes : minutes
}

function utc(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, offset: number): number | undefined {
  if (mo < 0 || mo > 11 || d < 1 || d > 31 || h > 24 || mi > 59 || s > 60) return undefined
  return Date.UTC(y, mo, d, h, mi, s, ms) - offset * 60_000
}

function parseIsoDate(s: string): number | undefined {
  const m = ISO_DATE.exec(s)
  if (!m) return undefined
  const offset = zoneOffsetMinutes(m[8])
  if (offset === undefined) return undefined
  const frac = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0
  return utc(Number(m[1]), Number(m[2] ?? 1) - 1, Number(m[3] ?? 1), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), frac, offset)
}

function parseRfc822Date(s: string): number | undefined {
  const m = RFC822_DATE.exec(s)
  if (!m) return undefined
  const month = MONTHS[m[2]!.toLowerCase()]
  if (month === undefined) return undefined
  let year = Number(m[3])
  if (m[3]!.length === 2) year += year < 50 ? 2000 : 1900
  const offset = zoneOffsetMinutes(m[7])
  if (offset === undefined) return undefined
  return utc(year, month, Number(m[1]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), 0, offset)
}

function parseLooseDate(s: string): number | undefined {
  // The engine's parser knows many more spellings ("Tue Apr 05 2022 10:04:42 GMT+0100")
  // but also turns "1" into 2001: insist on a four-digit year, and a stated zone.
  if (!/\b\d{4}\b/.test(s)) return undefined
  const hasZone = /(?:\b(?:gmt|utc|ut|z)\b|[+-]\d{2}:?\d{2}\b)/i.test(s)
  const ms = Date.parse(hasZone ? s : `${s} UTC`)
  return Number.isNaN(ms) ? undefined : ms
}
