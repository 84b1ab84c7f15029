// Arguments that begin with a dash but are not options.
//
// Article and note ids are 12 base64url characters, so one in 64 begins with '-'; and a
// comment may well begin "- I disagree". node:util's parseArgs reads the first as an
// unknown option and refuses the second as ambiguous. Before parsing, such arguments are
// swapped for placeholders that parseArgs takes as plain values, and swapped back after.

type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>

/** Looks like an id (as the library and notes make them), not like a mistyped flag. */
const ID_LIKE = /^-[A-Za-z0-9_-]{7,63}$/
// A command line cannot hold a NUL byte, so no real argument can look like a placeholder.
const MARK = '\u0000arg'

export interface Shielded {
  args: string[]
  restore<T>(value: T): T
}

export function shieldDashValues(argv: string[], options: OptionSpec): Shielded {
  const takesValue = new Set<string>()
  const shortFlags = new Set<string>()
  for (const [name, spec] of Object.entries(options)) {
    if (spec.type === 'string') {
      takesValue.add(`--${name}`)
      if (spec.short) takesValue.add(`-${spec.short}`)
    } else if (spec.short) shortFlags.add(spec.short)
  }
  const saved: string[] = []
  const shield = (arg: string) => `${MARK}${saved.push(arg) - 1}`
  const args: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--') {
      args.push(...argv.slice(i))
      break
    }
    if (takesValue.has(arg) && i + 1 < argv.length && argv[i + 1]!.startsWith('-')) {
      // "--text -x": whatever follows an option that needs a value is that value.
      args.push(arg, shield(argv[++i]!))
    } else if (!arg.startsWith('--') && ID_LIKE.test(arg) && ![...arg.slice(1)].every((c) => shortFlags.has(c))) {
      args.push(shield(arg))
    } else {
      args.push(arg)
    }
  }
  const unshield = (v: unknown): unknown => {
    if (typeof v === 'string' && v.startsWith(MARK)) return saved[Number(v.slice(MARK.length))]
    if (Array.isArray(v)) return v.map(unshield)
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unshield(x)]))
    return v
  }
  return { args, restore: <T>(value: T) => unshield(value) as T }
}
