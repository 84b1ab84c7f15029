// "Leave a reply" under an article: the thread of private comments and replies, each
// dated as a comment box dates them, editable in place, deletable with undo, and the
// form to add one. Nothing here leaves the computer.
import { useEffect, useId, useRef, useState } from 'react'
import type { CommentNode } from '../../../common/model'
import { bindCommand } from '../../lib/command-registry'
import { CommentForm, EMPTY_COMMENT, type CommentFormHandle } from './CommentForm'
import { bringIntoView } from './dom-highlights'
import { errorMessage } from './errors'
import { jumpTo, showToast, takeJump, useNotesUi } from './notes-ui'
import { fullTime, relativeTime } from './relative-time'
import { countComments, layoutThread, type ThreadItem } from './thread'
import { useArticleNotes, useNotesActions, type NotesActions } from './use-notes'
import './highlights.css'
import './replies.css'

/** Re-renders every so often, so "just now" becomes "2 minutes ago" on its own. */
function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs)
    return () => clearInterval(t)
  }, [everyMs])
  return now
}

export function ReplySection({ articleId }: { articleId: string }) {
  const notes = useArticleNotes(articleId)
  const actions = useNotesActions(articleId)
  const formRef = useRef<CommentFormHandle>(null)
  const formWrap = useRef<HTMLDivElement>(null)
  const [status, setStatus] = useState('')
  const now = useNow(30_000)
  const data = notes.data?.articleId === articleId ? notes.data : undefined
  const thread = data ? layoutThread(data.comments) : []
  const count = data ? countComments(data.comments) : 0

  useEffect(
    () =>
      bindCommand('focusComment', () => {
        formWrap.current?.scrollIntoView({ block: 'center' })
        formRef.current?.focus()
      }),
    [],
  )

  // A comment chosen in the sidebar or in All notes, or one just posted or restored.
  const jump = useNotesUi((s) => s.jump)
  useEffect(() => {
    if (!data || !jump || jump.articleId !== articleId || jump.kind !== 'comment') return
    const el = document.getElementById(`comment-${jump.id}`)
    if (!el) return
    takeJump(articleId, 'comment')
    bringIntoView([el], el)
  }, [jump, data, articleId])

  const posted = (id: string, message: string) => {
    setStatus(message)
    jumpTo(articleId, { kind: 'comment', id })
  }

  return (
    <section className="replies" aria-labelledby="leave-reply-heading">
      {count > 0 || thread.length > 0 ? (
        <>
          <h2 className="section-heading" id="comments-heading">
            {count === 1 ? '1 comment' : `${count} comments`}
          </h2>
          <ol className="thread" aria-labelledby="comments-heading">
            {thread.map((item) => (
              <CommentItem key={item.node.id} item={item} articleId={articleId} actions={actions} now={now} onPosted={posted} onStatus={setStatus} />
            ))}
          </ol>
        </>
      ) : null}
      <div className="reply-form-wrap" ref={formWrap}>
        <h2 className="section-heading" id="leave-reply-heading">
          Leave a reply
        </h2>
        <p className="reply-privacy">Comments are private: they stay on this computer and are never sent anywhere.</p>
        {notes.isError ? (
          <p className="field-error" role="alert">
            Couldn’t load the comments. {errorMessage(notes.error)}
          </p>
        ) : null}
        <CommentForm ref={formRef} actions={actions} onPosted={(c) => posted(c.id, 'Comment posted.')} />
      </div>
      <div className="visually-hidden" role="status" aria-live="polite">
        {status}
      </div>
    </section>
  )
}

interface ItemProps {
  item: ThreadItem
  articleId: string
  actions: NotesActions
  now: number
  onPosted: (id: string, message: string) => void
  onStatus: (message: string) => void
}

function CommentItem({ item, articleId, actions, now, onPosted, onStatus }: ItemProps) {
  const { node, indent, replyingTo, children } = item
  const [mode, setMode] = useState<'view' | 'edit' | 'reply'>('view')
  const editButton = useRef<HTMLButtonElement>(null)
  const replyButton = useRef<HTMLButtonElement>(null)
  // Where focus goes back to once an inline form closes (the button that opened it).
  const refocus = useRef<'edit' | 'reply' | null>(null)
  useEffect(() => {
    if (mode !== 'view' || !refocus.current) return
    ;(refocus.current === 'edit' ? editButton : replyButton).current?.focus()
    refocus.current = null
  }, [mode])

  const remove = async () => {
    try {
      await actions.deleteComment(node.id)
      showToast('Comment deleted.', async () => {
        await actions.restoreComment(node.id)
        jumpTo(articleId, { kind: 'comment', id: node.id })
      })
    } catch (error) {
      showToast(errorMessage(error))
    }
  }

  return (
    <li className={`thread-item indent-${indent}`}>
      <article
        id={`comment-${node.id}`}
        className={`comment${node.deleted ? ' is-deleted' : ''}`}
        tabIndex={-1}
        aria-label={node.deleted ? 'Deleted comment' : `Comment by ${node.name}`}
      >
        {node.deleted ? (
          <p className="comment-deleted">This comment was deleted.</p>
        ) : (
          <>
            <header className="comment-meta">
              <span className="comment-avatar" aria-hidden="true">
                {(node.name.match(/[\p{L}\p{N}]/u)?.[0] ?? '•').toUpperCase()}
              </span>
              <span className="comment-name">{node.name}</span>
              {replyingTo ? <span className="comment-replying">replying to {replyingTo}</span> : null}
              <time className="comment-time" dateTime={node.created} title={fullTime(node.created)}>
                {relativeTime(node.created, now)}
              </time>
              {node.edited ? (
                <span className="comment-edited" title={`Edited ${fullTime(node.edited)}`}>
                  (edited)
                </span>
              ) : null}
            </header>
            {mode === 'edit' ? (
              <EditComment
                node={node}
                actions={actions}
                onDone={(saved) => {
                  refocus.current = 'edit'
                  setMode('view')
                  if (saved) onStatus('Comment saved.')
                }}
              />
            ) : (
              <p className="comment-body">{node.text}</p>
            )}
            {mode !== 'edit' ? (
              <div className="comment-actions">
                <button
                  type="button"
                  ref={replyButton}
                  className="link-button"
                  aria-expanded={mode === 'reply'}
                  onClick={() => setMode(mode === 'reply' ? 'view' : 'reply')}
                >
                  Reply<span className="visually-hidden"> to {node.name}</span>
                </button>
                <button type="button" ref={editButton} className="link-button" onClick={() => setMode('edit')}>
                  Edit<span className="visually-hidden"> comment by {node.name}</span>
                </button>
                <button type="button" className="link-button is-danger" onClick={() => void remove()}>
                  Delete<span className="visually-hidden"> comment by {node.name}</span>
                </button>
              </div>
            ) : null}
          </>
        )}
      </article>
      {mode === 'reply' ? (
        <CommentForm
          actions={actions}
          parentId={node.id}
          replyTo={node.name}
          autoFocus
          onPosted={(c) => {
            setMode('view')
            onPosted(c.id, 'Reply posted.')
          }}
          onCancel={() => {
            refocus.current = 'reply'
            setMode('view')
          }}
        />
      ) : null}
      {children.length > 0 ? (
        <ol className="thread-replies">
          {children.map((child) => (
            <CommentItem key={child.node.id} item={child} articleId={articleId} actions={actions} now={now} onPosted={onPosted} onStatus={onStatus} />
          ))}
        </ol>
      ) : null}
    </li>
  )
}

function EditComment({ node, actions, onDone }: { node: CommentNode; actions: NotesActions; onDone: (saved: boolean) => void }) {
  const id = useId()
  const [text, setText] = useState(node.text)
  const [error, setError] = useState('')
  const ref = useRef<HTMLTextAreaElement>(null)
  useEffect(() => {
    const el = ref.current
    if (!el) return
    el.focus()
    el.setSelectionRange(el.value.length, el.value.length)
  }, [])

  const save = async () => {
    if (!text.trim()) {
      setError(EMPTY_COMMENT)
      ref.current?.focus()
      return
    }
    if (text === node.text) return onDone(false)
    try {
      await actions.editComment(node.id, text)
      onDone(true)
    } catch (e) {
      setError(errorMessage(e))
      ref.current?.focus()
    }
  }

  return (
    <form
      className="comment-edit"
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        void save()
      }}
    >
      <label className="visually-hidden" htmlFor={`${id}-text`}>
        Edit your comment
      </label>
      <textarea
        id={`${id}-text`}
        ref={ref}
        className="field-input comment-text"
        rows={Math.min(10, Math.max(3, text.split('\n').length + 1))}
        value={text}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => {
          setText(e.target.value)
          setError('')
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault()
            onDone(false)
          } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void save()
        }}
      />
      {error ? (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="comment-edit-actions">
        <button type="button" className="button-quiet" onClick={() => onDone(false)}>
          Cancel
        </button>
        <button type="submit" className="button-primary">
          Save
        </button>
      </div>
    </form>
  )
}
