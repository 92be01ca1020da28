// A TCP proxy the e2e tests put between a client (a page, or a Node XMPP client) and Prosody's
// HTTP/WebSocket port, to simulate network faults. Playwright's offline mode does not affect
// WebSockets; this does.
//
//   const proxy = await startNetProxy(server.prosody.httpPort);
//   client({ service: proxy.service, … });   // or openPageThrough(page, proxy)
//   proxy.blackhole(); … proxy.restore();    // a dead network, then it comes back
//   proxy.cut();                             // every connection dies at once
//   await proxy.inject('<message …/>');      // a frame Prosody never sent
//
// Client→server bytes are forwarded as they come (never parsed). Server→client bytes are
// parsed: the HTTP response head, then (after a 101) WebSocket frames (RFC 6455 §5.2). Only
// whole frames are passed on, so an injected frame always lands between two frames and a
// dropped frame disappears entirely (and a large frame reaches the client only once complete).
// No dependencies, no backpressure: everything is buffered in memory (fine for tests).
import { connect, createServer } from 'node:net';
// Per connection (see startNetProxy):
//   client, upstream  the two sockets
//   up, down          chunks ({ data: Buffer | 'end', done? }) held during a blackhole;
//                     client→server, and server→client whole units (HTTP head, frames)
//   pending           server→client bytes that are not a whole unit yet
//   mode              'http' until the 101, then 'ws'; 'raw' (unparsed) if not a WebSocket
//   fragmented        inside a fragmented message: a text frame may not go in between
//   deferred          injected frames waiting for the fragmented message to end

/** Header and total length of the frame at the start of `buf`, or null if it is incomplete. */
function frameSize(buf) {
  if (buf.length < 2) return null;
  let length = buf[1] & 0x7f;
  let header = 2;
  if (length === 126) {
    if (buf.length < 4) return null;
    length = buf.readUInt16BE(2);
    header = 4;
  } else if (length === 127) {
    if (buf.length < 10) return null;
    length = Number(buf.readBigUInt64BE(2));
    header = 10;
  }
  if (buf[1] & 0x80) header += 4; // masking key (servers never mask, but be exact)
  return buf.length < header + length ? null : { header, total: header + length };
}
/** One FIN text frame, unmasked (server→client). */
function textFrame(text) {
  const payload = Buffer.from(text, 'utf8');
  const n = payload.length;
  const head = Buffer.alloc(n < 126 ? 2 : n < 0x10000 ? 4 : 10);
  head[0] = 0x81;
  if (n < 126) {
    head[1] = n;
  } else if (n < 0x10000) {
    head[1] = 126;
    head.writeUInt16BE(n, 2);
  } else {
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(n), 2);
  }
  return Buffer.concat([head, payload]);
}
export function startNetProxy(targetPort, host = '127.0.0.1') {
  const conns = new Set();
  let held = false;
  let drop = null;
  /** Writes what is queued, unless the network is "down". Safe to call at any time. */
  const flush = (conn) => {
    if (held) return;
    for (const [queue, target] of [
      [conn.up, conn.upstream],
      [conn.down, conn.client],
    ]) {
      for (let chunk = queue.shift(); chunk; chunk = queue.shift()) {
        if (target.destroyed || target.writableEnded) chunk.done?.(new Error('net-proxy: closed'));
        else if (chunk.data === 'end') target.end();
        else target.write(chunk.data, chunk.done);
      }
    }
  };
  /** Cuts the server→client byte stream into whole units (see `Conn.mode`). */
  const fromServer = (conn, data) => {
    if (conn.mode === 'raw') {
      conn.down.push({ data });
      return;
    }
    conn.pending = Buffer.concat([conn.pending, data]);
    if (conn.mode === 'http') {
      const end = conn.pending.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = conn.pending.subarray(0, end + 4);
      conn.down.push({ data: head });
      conn.pending = conn.pending.subarray(end + 4);
      conn.mode = /^HTTP\/1\.\d 101/.test(head.toString('latin1')) ? 'ws' : 'raw';
      if (conn.mode === 'raw') {
        if (conn.pending.length) conn.down.push({ data: conn.pending });
        return;
      }
    }
    for (let size = frameSize(conn.pending); size; size = frameSize(conn.pending)) {
      const frame = conn.pending.subarray(0, size.total);
      conn.pending = conn.pending.subarray(size.total);
      const fin = (frame[0] & 0x80) !== 0;
      const opcode = frame[0] & 0x0f;
      const masked = (frame[1] & 0x80) !== 0;
      if (opcode === 0x1 && fin && !masked && drop?.(frame.subarray(size.header).toString('utf8')))
        continue;
      conn.down.push({ data: frame });
      // Track fragmented messages (opcode 0 = continuation; control frames may interleave).
      if (opcode === 0x1 || opcode === 0x2) conn.fragmented = !fin;
      else if (opcode === 0x0 && fin) conn.fragmented = false;
      if (!conn.fragmented) conn.down.push(...conn.deferred.splice(0));
    }
  };
  const cut = () => {
    for (const conn of conns) {
      conn.client.destroy();
      conn.upstream.destroy();
    }
  };
  const server = createServer({ allowHalfOpen: true }, (client) => {
    const upstream = connect({ port: targetPort, host, allowHalfOpen: true });
    const conn = {
      client,
      upstream,
      up: [],
      down: [],
      pending: Buffer.alloc(0),
      mode: 'http',
      fragmented: false,
      deferred: [],
    };
    conns.add(conn);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    client.on('data', (data) => {
      conn.up.push({ data });
      flush(conn);
    });
    upstream.on('data', (data) => {
      fromServer(conn, data);
      flush(conn);
    });
    // A FIN (or a reset) is passed on like data: during a blackhole the other side sees nothing.
    const ender = (queue) => {
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        queue.push({ data: 'end' });
        flush(conn);
      };
    };
    const endUp = ender(conn.up);
    const endDown = ender(conn.down);
    client.on('end', endUp).on('close', endUp);
    upstream.on('end', endDown).on('close', endDown);
    client.on('error', () => {}); // 'close' follows
    upstream.on('error', () => {});
    const forget = () => {
      if (!client.destroyed || !upstream.destroyed) return;
      conns.delete(conn);
      for (const chunk of [...conn.down, ...conn.deferred])
        chunk.done?.(new Error('net-proxy: closed'));
    };
    client.on('close', forget);
    upstream.on('close', forget);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        port,
        service: `ws://127.0.0.1:${port}/xmpp-websocket`,
        get connections() {
          // Neither closed nor half-closed by the client (a FIN is held during a blackhole).
          return [...conns].filter((c) => !c.client.destroyed && !c.client.readableEnded).length;
        },
        cut,
        blackhole() {
          held = true;
        },
        restore() {
          held = false;
          for (const conn of conns) flush(conn);
        },
        inject(text, { latest = false } = {}) {
          let targets = [...conns].filter(
            (c) => c.mode === 'ws' && !c.client.destroyed && !c.client.writableEnded,
          );
          if (latest) targets = targets.slice(-1);
          if (!targets.length) return Promise.reject(new Error('net-proxy: no open WebSocket'));
          const frame = textFrame(text);
          return Promise.all(
            targets.map(
              (conn) =>
                new Promise((ok, fail) => {
                  const done = (error) => (error ? fail(error) : ok());
                  (conn.fragmented ? conn.deferred : conn.down).push({ data: frame, done });
                  flush(conn);
                }),
            ),
          ).then(() => {});
        },
        dropServerFrames(predicate) {
          drop = predicate;
        },
        close() {
          cut();
          return new Promise((ok) => server.close(() => ok()));
        },
      });
    });
  });
}
