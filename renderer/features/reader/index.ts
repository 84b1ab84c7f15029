// The reader pane: the article, its toolbar.
export { ArticleView } from './ArticleView'
export { ReaderToolbar } from './ReaderToolbar'
