// One Content-Security-Policy for the renderer, in Electron and in browser mode:
// no inline or remote script, no remote images, fonts or connections (articles read
// offline and make no request when shown), no framing, no form posts.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: offprint-media:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')
