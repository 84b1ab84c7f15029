export { NoticeBanner } from './NoticeBanner'
