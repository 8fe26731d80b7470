// tests/lib/smtp-sink.mjs — a tiny real SMTP server for the e-mail tests, on
// 127.0.0.1 and a random port. It speaks enough SMTP for libcurl (EHLO/HELO,
// optional AUTH PLAIN, MAIL FROM, RCPT TO, DATA, RSET, NOOP, QUIT), records
// every accepted message, and can misbehave on request:
//
//   const sink = await startSmtpSink();            // or {auth: true}
//   sink.failNext(1);                              // next transaction: 451 at MAIL FROM
//   sink.failNext(1, 550);                         // … or a permanent refusal
//   sink.hang(true);                               // accept connections, never answer
//   const m = await sink.waitFor((m) => m.to.includes('a@b.vn'), 10000);
//   parseMessage(m.data) → {headers: {subject: '…' (decoded), …}, body: '…' (decoded)}
//   await sink.stop();
import net from 'node:net';

/** Starts the sink; resolves once it listens. */
export async function startSmtpSink({ auth = false } = {}) {
  const messages = [];
  const sockets = new Set();
  let failCount = 0;
  let failCode = 451;
  let hanging = false;
  const state = { connections: 0, transactions: 0, rejected: 0 };

  const server = net.createServer((sock) => {
    sockets.add(sock);
    state.connections++;
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => {});
    const session = { tx: null, inData: false, lines: [], authUser: null, authPass: null, authWait: false };
    const reply = (s) => {
      if (!hanging && !sock.destroyed) sock.write(s + '\r\n');
    };
    reply('220 sink.test ESMTP ready');
    let pending = Buffer.alloc(0);
    sock.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      let i;
      while ((i = pending.indexOf('\r\n')) >= 0) {
        const line = pending.subarray(0, i).toString('utf8');
        pending = pending.subarray(i + 2);
        if (hanging) continue;
        handle(line);
      }
    });

    function decodePlain(b64) {
      const parts = Buffer.from(b64, 'base64').toString('utf8').split('\0');
      session.authUser = parts[1] ?? '';
      session.authPass = parts[2] ?? '';
      reply('235 2.7.0 Authentication successful');
    }

    function handle(line) {
      if (session.inData) {
        if (line === '.') {
          session.inData = false;
          const m = { from: session.tx.from, to: session.tx.to, data: session.lines.join('\r\n') + '\r\n' };
          if (auth) m.auth = { user: session.authUser, pass: session.authPass };
          messages.push(m);
          session.tx = null;
          session.lines = [];
          reply(`250 2.0.0 Ok: queued as ${messages.length}`);
        } else {
          session.lines.push(line.startsWith('..') ? line.slice(1) : line); // dot-unstuffing
        }
        return;
      }
      if (session.authWait) {
        session.authWait = false;
        decodePlain(line);
        return;
      }
      const verb = line.split(' ')[0].toUpperCase();
      const arg = line.slice(verb.length).trim();
      switch (verb) {
        case 'EHLO':
          reply('250-sink.test greets you');
          reply('250-8BITMIME');
          if (auth) reply('250-AUTH PLAIN');
          reply('250 SIZE 10485760');
          break;
        case 'HELO':
          reply('250 sink.test');
          break;
        case 'AUTH': {
          const [mech, initial] = arg.split(' ');
          if (!auth || mech.toUpperCase() !== 'PLAIN') reply('504 5.5.4 mechanism not supported');
          else if (initial) decodePlain(initial);
          else {
            session.authWait = true;
            reply('334 ');
          }
          break;
        }
        case 'MAIL': {
          state.transactions++;
          if (failCount > 0) {
            failCount--;
            state.rejected++;
            reply(failCode >= 500 ? `${failCode} 5.7.1 refused for good` : `${failCode} 4.7.1 try again later`);
            break;
          }
          const m = arg.match(/^FROM:\s*<([^>]*)>/i);
          if (!m) reply('501 5.5.4 syntax: MAIL FROM:<address>');
          else {
            session.tx = { from: m[1], to: [] };
            reply('250 2.1.0 Ok');
          }
          break;
        }
        case 'RCPT': {
          const m = arg.match(/^TO:\s*<([^>]*)>/i);
          if (!session.tx) reply('503 5.5.1 need MAIL first');
          else if (!m) reply('501 5.5.4 syntax: RCPT TO:<address>');
          else {
            session.tx.to.push(m[1]);
            reply('250 2.1.5 Ok');
          }
          break;
        }
        case 'DATA':
          if (!session.tx || session.tx.to.length === 0) reply('503 5.5.1 need RCPT first');
          else {
            session.inData = true;
            reply('354 End data with <CR><LF>.<CR><LF>');
          }
          break;
        case 'RSET':
          session.tx = null;
          reply('250 2.0.0 Ok');
          break;
        case 'NOOP':
          reply('250 2.0.0 Ok');
          break;
        case 'QUIT':
          reply('221 2.0.0 Bye');
          sock.end();
          break;
        default:
          reply('502 5.5.2 command not implemented');
      }
    }
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });

  return {
    port: server.address().port,
    messages,
    state,
    /** The next n transactions are refused at MAIL FROM with `code`. */
    failNext(n, code = 451) {
      failCount = n;
      failCode = code;
    },
    /** While on, connections get no greeting and commands no answer. */
    hang(on) {
      hanging = on;
    },
    /** Resolves with the first message matching pred (rejects after timeoutMs). */
    async waitFor(pred = () => true, timeoutMs = 10000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const m = messages.find(pred);
        if (m) return m;
        if (Date.now() > end) throw new Error(`no matching message within ${timeoutMs} ms (${messages.length} received)`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

/** Decodes RFC 2047 encoded words (B and Q) in a header value. */
export function decodeWords(value) {
  return value
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1') // white space between words
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, charset, enc, text) => {
      const bytes =
        enc.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64')
          : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (__, h) => String.fromCharCode(parseInt(h, 16))), 'latin1');
      return new TextDecoder(charset, { fatal: true }).decode(bytes);
    });
}

/**
 * Splits a message into headers (names lower-cased, values unfolded and
 * decoded; `raw` keeps the undecoded lines) and the decoded body.
 */
export function parseMessage(data) {
  const sep = data.indexOf('\r\n\r\n');
  const head = data.slice(0, sep);
  const rawBody = data.slice(sep + 4);
  const headers = {};
  const raw = {};
  for (const line of head.replace(/\r\n(?=[ \t])/g, '').split('\r\n')) {
    const i = line.indexOf(':');
    const name = line.slice(0, i).toLowerCase();
    raw[name] = line.slice(i + 1).trim();
    headers[name] = decodeWords(raw[name]);
  }
  const cte = (headers['content-transfer-encoding'] || '7bit').toLowerCase();
  const body =
    cte === 'base64'
      ? new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(rawBody.replace(/\r\n/g, ''), 'base64'))
      : rawBody;
  return { headers, raw, head, body };
}
