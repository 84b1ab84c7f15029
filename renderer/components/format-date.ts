// Dates as a reader scans them: compact and relative in the list, complete in the article.
const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

const monthDay = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' })
const monthDayYear = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', year: 'numeric' })
const full = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' })
const long = new Intl.DateTimeFormat(undefined, { dateStyle: 'long' })

function parse(iso: string): Date | null {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? null : date
}

/** "now", "12m", "5h", "3d", "Mar 4", "Mar 4, 2023". */
export function shortDate(iso: string, now = Date.now()): string {
  const date = parse(iso)
  if (!date) return ''
  const age = now - date.getTime()
  if (age < -DAY) return monthDayYear.format(date)
  if (age < MINUTE) return 'now'
  if (age < HOUR) return `${Math.floor(age / MINUTE)}m`
  if (age < DAY) return `${Math.floor(age / HOUR)}h`
  if (age < 7 * DAY) return `${Math.floor(age / DAY)}d`
  if (date.getFullYear() === new Date(now).getFullYear()) return monthDay.format(date)
  return monthDayYear.format(date)
}

export function fullDate(iso: string): string {
  const date = parse(iso)
  return date ? full.format(date) : ''
}

export function longDate(iso: string): string {
  const date = parse(iso)
  return date ? long.format(date) : ''
}
