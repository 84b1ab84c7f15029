// Highlights on the rendered article: offsets of the DOM's text (body.textContent,
// which wrapping in <mark> never changes), and painting ranges of it as <mark>s. The
// article HTML is set once by React (dangerouslySetInnerHTML) and never reconciled
// again while it is unchanged, so these marks can live in it; they are taken out and
// put back whenever the highlights change.

export interface PaintSpan {
  id: string
  color: string
  note: string
  start: number
  end: number
}

/** Characters of `root`'s text before a DOM boundary point. */
export function renderedOffset(root: Node, container: Node, offset: number): number {
  const r = document.createRange()
  r.setStart(root, 0)
  r.setEnd(container, offset)
  return r.toString().length
}

/** The part of the current selection inside `root`, as offsets of its text; null if none. */
export function selectedRange(root: HTMLElement): { start: number; end: number; range: Range } | null {
  const sel = window.getSelection()
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null
  const range = sel.getRangeAt(0)
  if (!range.intersectsNode(root)) return null
  const clamped = document.createRange()
  clamped.selectNodeContents(root)
  if (range.compareBoundaryPoints(Range.START_TO_START, clamped) > 0) clamped.setStart(range.startContainer, range.startOffset)
  if (range.compareBoundaryPoints(Range.END_TO_END, clamped) < 0) clamped.setEnd(range.endContainer, range.endOffset)
  if (clamped.collapsed) return null
  const start = renderedOffset(root, clamped.startContainer, clamped.startOffset)
  return { start, end: start + clamped.toString().length, range: clamped }
}

function textNodes(root: Node): Text[] {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
  const out: Text[] = []
  for (let n = walker.nextNode(); n; n = walker.nextNode()) out.push(n as Text)
  return out
}

const BLOCK = /^(ADDRESS|ARTICLE|ASIDE|BLOCKQUOTE|DD|DETAILS|DIV|DL|DT|FIELDSET|FIGCAPTION|FIGURE|FOOTER|FORM|H[1-6]|HEADER|HR|LI|MAIN|NAV|OL|P|PRE|SECTION|SUMMARY|TABLE|TBODY|TD|TFOOT|TH|THEAD|TR|UL|BR|IMG|PICTURE|VIDEO)$/
const NO_TEXT_CHILDREN = /^(TABLE|TBODY|THEAD|TFOOT|TR|UL|OL|DL|COLGROUP|SELECT|PICTURE)$/

/** Whitespace between blocks is not part of the reading: a <mark> there would be noise. */
function worthWrapping(node: Text): boolean {
  if (/\S/.test(node.data)) return true
  const parent = node.parentElement
  if (!parent || NO_TEXT_CHILDREN.test(parent.tagName)) return false
  const inline = (n: Node | null) => n !== null && !(n instanceof Element && BLOCK.test(n.tagName))
  return inline(node.previousSibling) && inline(node.nextSibling)
}

export function unpaint(root: HTMLElement): void {
  const marks = root.querySelectorAll('mark[data-highlight-id]')
  if (marks.length === 0) return
  for (const m of marks) m.replaceWith(...m.childNodes)
  root.normalize()
}

/**
 * Wraps each span's text in <mark class="hl hl-COLOR" data-highlight-id>. Overlapping
 * highlights nest, the one starting first outermost, so a click lands on the innermost.
 */
export function paint(root: HTMLElement, spans: PaintSpan[]): void {
  if (spans.length === 0) return
  const ordered = [...spans].sort((a, b) => a.start - b.start || b.end - a.end)
  const cuts = [...new Set(ordered.flatMap((s) => [s.start, s.end]))].sort((a, b) => a - b)
  let pos = 0
  let c = 0
  for (const node of textNodes(root)) {
    const len = node.data.length
    while (c < cuts.length && cuts[c]! <= pos) c++
    const inside: number[] = []
    for (let k = c; k < cuts.length && cuts[k]! < pos + len; k++) inside.push(cuts[k]! - pos)
    // From the end, so the offsets of the cuts still to make stay valid.
    for (const at of inside.reverse()) node.splitText(at)
    pos += len
  }
  pos = 0
  for (const node of textNodes(root)) {
    const start = pos
    const end = (pos += node.data.length)
    if (start === end) continue
    const covering = ordered.filter((s) => s.start < end && s.end > start)
    if (covering.length === 0 || !worthWrapping(node)) continue
    const parent = node.parentNode!
    const next = node.nextSibling
    let outer: HTMLElement | null = null
    let inner: HTMLElement | null = null
    for (const s of covering) {
      const mark = document.createElement('mark')
      mark.className = `hl hl-${s.color}`
      mark.dataset.highlightId = s.id
      if (s.note) mark.title = s.note
      if (inner) inner.append(mark)
      else outer = mark
      inner = mark
    }
    parent.insertBefore(outer!, next)
    inner!.append(node)
  }
}

export function marksOf(root: ParentNode, highlightId: string): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(`mark[data-highlight-id="${CSS.escape(highlightId)}"]`)]
}

const reducedMotion = () => window.matchMedia?.('(prefers-reduced-motion: reduce)').matches

/** Scrolls an element to the middle of its scroller and flashes it, so the eye finds it. */
export function bringIntoView(elements: HTMLElement[], focus?: HTMLElement): void {
  const first = elements[0]
  if (!first) return
  first.scrollIntoView({ block: 'center', behavior: reducedMotion() ? 'auto' : 'smooth' })
  for (const el of elements) {
    el.classList.remove('is-flashing')
    // Restart the animation when the same note is asked for twice in a row.
    void el.offsetWidth
    el.classList.add('is-flashing')
    setTimeout(() => el.classList.remove('is-flashing'), 1800)
  }
  focus?.focus({ preventScroll: true })
  followWhileSettling(first)
}

/**
 * An article that has just opened is still settling: related items and images arrive
 * above the note and push it down. Keep the note in view while that happens, for a
 * moment, unless the reader starts scrolling themselves.
 */
function followWhileSettling(target: HTMLElement): void {
  const page = target.closest('.article')
  if (!page || typeof ResizeObserver === 'undefined') return
  let last = page.getBoundingClientRect().height
  const observer = new ResizeObserver(() => {
    const height = page.getBoundingClientRect().height
    if (height !== last) target.scrollIntoView({ block: 'center' })
    last = height
  })
  const stop = () => {
    observer.disconnect()
    clearTimeout(timer)
    for (const type of ['wheel', 'touchstart', 'keydown', 'pointerdown'] as const) window.removeEventListener(type, stop, true)
  }
  const timer = setTimeout(stop, 2000)
  for (const type of ['wheel', 'touchstart', 'keydown', 'pointerdown'] as const) window.addEventListener(type, stop, { capture: true, passive: true })
  observer.observe(page)
}
