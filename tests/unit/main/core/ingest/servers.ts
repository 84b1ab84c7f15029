// Local servers for the network tests: 127.0.0.1 only, closed after each test.
import http from 'node:http'
import net from 'node:net'
import type { AddressInfo } from 'node:net'

export interface TestServer {
  origin: string
  url(path?: string): string
  close(): Promise<void>
}

const open: TestServer[] = []

export async function startServer(handler: http.RequestListener): Promise<TestServer> {
  const server = http.createServer(handler)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const handle: TestServer = {
    origin,
    url: (path = '/') => origin + path,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
  open.push(handle)
  return handle
}

/** Accepts connections and never says a word: a TLS handshake against it never completes. */
export async function startSilentServer(): Promise<TestServer> {
  const sockets = new Set<net.Socket>()
  const server = net.createServer((socket) => {
    sockets.add(socket)
    socket.on('error', () => {})
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  const handle: TestServer = {
    origin: `https://127.0.0.1:${port}`,
    url: (path = '/') => `https://127.0.0.1:${port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
  open.push(handle)
  return handle
}

export async function closeAll(): Promise<void> {
  await Promise.all(open.splice(0).map((s) => s.close()))
}
