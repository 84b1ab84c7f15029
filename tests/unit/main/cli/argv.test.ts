import { describe, expect, it } from 'vitest'
import { parseArgs } from 'node:util'
import fc from 'fast-check'
import { shieldDashValues } from '../../../../main/cli/argv'

const options = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  text: { type: 'string' },
  'reply-to': { type: 'string' },
} as const

function parse(argv: string[]) {
  const s = shieldDashValues(argv, options)
  return s.restore(parseArgs({ args: s.args, options, allowPositionals: true, strict: true }))
}

describe('arguments that begin with a dash', () => {
  it('reads an id that begins with a dash as an argument, where it stands', () => {
    const r = parse(['comment', 'add', '-Xb3_k9QpZ2a', '--json'])
    expect(r.positionals).toEqual(['comment', 'add', '-Xb3_k9QpZ2a'])
    expect(r.values.json).toBe(true)
  })

  it("reads whatever follows an option that takes a value as that option's value", () => {
    const r = parse(['comment', 'add', 'abc', '--text', '- I disagree.', '--reply-to', '--a9Yt0_Lm3q'])
    expect(r.values.text).toBe('- I disagree.')
    expect(r.values['reply-to']).toBe('--a9Yt0_Lm3q')
    expect(r.positionals).toEqual(['comment', 'add', 'abc'])
  })

  it('still refuses a mistyped option and still reads short flags', () => {
    expect(() => parse(['list', '-j'])).toThrow(/Unknown option '-j'/)
    expect(() => parse(['list', '-json'])).toThrow(/Unknown option/)
    expect(() => parse(['list', '--bogus'])).toThrow(/Unknown option '--bogus'/)
    expect(parse(['-h']).values.help).toBe(true)
    expect(parse(['-hv']).values).toMatchObject({ help: true, version: true })
  })

  it('leaves everything after -- alone', () => {
    expect(parse(['show', '--', '-abc', '--json']).positionals).toEqual(['show', '-abc', '--json'])
  })

  it('gives back every id exactly, whatever its characters', () => {
    const id = fc.stringMatching(/^-[A-Za-z0-9_][A-Za-z0-9_-]{10}$/)
    fc.assert(
      fc.property(id, id, (a, b) => {
        const r = parse(['comment', 'add', a, '--reply-to', b, '--text', a])
        expect(r.positionals).toEqual(['comment', 'add', a])
        expect(r.values).toMatchObject({ 'reply-to': b, text: a })
      }),
    )
  })
})
