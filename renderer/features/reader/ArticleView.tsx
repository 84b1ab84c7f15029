import { useEffect, useMemo, useRef, type MouseEvent, type RefObject } from 'react'
import { BridgeError } from '../../../common/bridge'
import type { RelatedItems } from '../../../common/contract'
import { useConnection } from '../../api/bridge'
import { rewriteMediaSources } from '../../api/media'
import { useArticle, useRelated } from '../../api/queries'
import { fullDate, longDate, shortDate } from '../../components/format-date'
import { Icon } from '../../components/Icon'
import { hostOf } from '../../lib/host-of'
import { routeLink } from './link-routing'
import { HighlightLayer, ReplySection } from '../notes'
import './reader.css'

interface Props {
  id: string
  scrollRef: RefObject<HTMLDivElement | null>
  onOpenArticle: (id: string) => void
  onOpenExternal: (url: string) => void
  /** Told whether the headline is on screen, so the toolbar can show it when it is not. */
  onHeadlineVisible?: (visible: boolean) => void
}

export function ArticleView({ id, scrollRef, onOpenArticle, onOpenExternal, onHeadlineVisible }: Props) {
  const { browserMode } = useConnection()
  const article = useArticle(id)
  const related = useRelated(id)
  const data = article.data?.id === id ? article.data : undefined

  const html = useMemo(() => (data ? rewriteMediaSources(data.html, browserMode) : ''), [data, browserMode])

  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 })
  }, [id, scrollRef])

  const headline = useRef<HTMLHeadingElement>(null)
  const bodyRef = useRef<HTMLDivElement>(null)
  const hasData = Boolean(data)
  useEffect(() => {
    const el = headline.current
    if (!el || !onHeadlineVisible) return
    onHeadlineVisible(true)
    const observer = new IntersectionObserver(([entry]) => onHeadlineVisible(Boolean(entry?.isIntersecting)), {
      root: scrollRef.current,
    })
    observer.observe(el)
    return () => observer.disconnect()
  }, [id, hasData, scrollRef, onHeadlineVisible])

  useEffect(() => {
    if (data) document.title = `${data.title || 'Untitled'} — Offprint`
    return () => {
      document.title = 'Offprint'
    }
  }, [data])

  const onLink = (event: MouseEvent<HTMLDivElement>) => {
    if (event.button > 1) return
    const anchor = (event.target as Element).closest?.('a[href]')
    if (!anchor || !event.currentTarget.contains(anchor)) return
    event.preventDefault()
    const target = routeLink(anchor.getAttribute('href') ?? '', data?.url ?? '', related.data?.readAlso ?? [])
    if (target.kind === 'article') onOpenArticle(target.id)
    else if (target.kind === 'external') onOpenExternal(target.url)
    else if (target.kind === 'anchor') {
      const el = event.currentTarget.querySelector(`[id="${CSS.escape(target.name)}"], [name="${CSS.escape(target.name)}"]`)
      el?.scrollIntoView({ block: 'start' })
    }
  }

  if (article.isError && !data) {
    const notFound = article.error instanceof BridgeError && article.error.code === 'not_found'
    return (
      <div className="reader-message" role="alert">
        <p>{notFound ? 'This article is no longer in your library.' : `Couldn’t open this article. ${article.error.message}`}</p>
        {notFound ? null : (
          <button type="button" className="button-quiet" onClick={() => void article.refetch()}>
            Try again
          </button>
        )}
      </div>
    )
  }

  if (!data) {
    return (
      <div className="article-skeleton" aria-busy="true" aria-label="Loading article">
        <span className="ph ph-meta" />
        <span className="ph ph-headline" />
        <span className="ph ph-headline short" />
        <span className="ph ph-line" />
        <span className="ph ph-line" />
        <span className="ph ph-line short" />
      </div>
    )
  }

  const minutes = Math.max(1, Math.round(data.words / 230))
  const site = data.siteName || hostOf(data.url)

  return (
    <article className="article" aria-labelledby="article-title">
      <header className="article-header">
        {site ? <p className="article-site">{site}</p> : null}
        <h1 id="article-title" className="article-title" ref={headline}>
          {data.title || 'Untitled'}
        </h1>
        <p className="article-byline">
          {data.author ? <span className="article-author">By {data.author}</span> : null}
          {data.published ? (
            <time dateTime={data.published} title={fullDate(data.published)}>
              {longDate(data.published)}
            </time>
          ) : null}
          {data.words > 0 ? <span>{minutes} min read</span> : null}
        </p>
      </header>
      {/* The core sanitized this HTML with a reader allow-list before storing it. */}
      <div className="article-body" ref={bodyRef} onClick={onLink} onAuxClick={onLink} dangerouslySetInnerHTML={{ __html: html }} />
      <HighlightLayer articleId={id} text={data.text} html={html} bodyRef={bodyRef} scrollRef={scrollRef} />
      <footer className="article-footer">
        {data.url ? (
          <button type="button" className="button-quiet original-link" onClick={() => onOpenExternal(data.url)}>
            Read the original on {hostOf(data.url) || 'the web'}
            <Icon name="external" size={14} />
          </button>
        ) : null}
        <RelatedBlocks related={related.data} currentId={id} onOpen={onOpenArticle} />
      </footer>
      <ReplySection articleId={id} />
    </article>
  )
}

function RelatedBlocks({ related, currentId, onOpen }: { related: RelatedItems | undefined; currentId: string; onOpen: (id: string) => void }) {
  if (!related) return null
  const readAlso = related.readAlso.filter((r) => r.id !== currentId)
  const relatedNews = related.related.filter((r) => r.id !== currentId)
  const recent = related.recent.filter((r) => r.id !== currentId)
  return (
    <>
      {readAlso.length > 0 ? (
        <section className="read-also" aria-labelledby="read-also-heading">
          <h2 id="read-also-heading" className="section-heading">
            Read also
          </h2>
          <ul>
            {readAlso.map((item) => (
              <li key={item.id}>
                <button type="button" className="read-also-item" onClick={() => onOpen(item.id)}>
                  <span className="read-also-arrow" aria-hidden="true">
                    →
                  </span>
                  <span>{item.title || hostOf(item.url) || 'Untitled'}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {relatedNews.length > 0 ? (
        <section className="related-news" aria-labelledby="related-heading">
          <h2 id="related-heading" className="section-heading">
            Related news
          </h2>
          <ul className="card-grid">
            {relatedNews.map((item) => (
              <li key={item.id}>
                <button type="button" className="card" onClick={() => onOpen(item.id)}>
                  <span className="card-site">{item.siteName}</span>
                  <span className="card-title">{item.title || 'Untitled'}</span>
                  <time className="card-date" dateTime={item.published}>
                    {longDate(item.published)}
                  </time>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {recent.length > 0 ? (
        <section className="recent" aria-labelledby="recent-heading">
          <h2 id="recent-heading" className="section-heading">
            Recent articles
          </h2>
          <ul className="recent-list">
            {recent.map((item) => (
              <li key={item.id}>
                <button type="button" className="recent-item" onClick={() => onOpen(item.id)}>
                  <span className="recent-title">{item.title || 'Untitled'}</span>
                  <span className="recent-meta">
                    {item.siteName}
                    {item.siteName && item.published ? ' · ' : ''}
                    <time dateTime={item.published} title={fullDate(item.published)}>
                      {shortDate(item.published)}
                    </time>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  )
}
