/* memorybook's locked site: this service worker decrypts every file on the fly.
 * Web Crypto only; this script never sees a key's bytes (the keys are non-extractable
 * CryptoKeys). Where the keys live:
 * - "remember on this device": in IndexedDB, until the lock button forgets them;
 * - otherwise only in memory: this worker's and that of each open page of the site, which
 *   gives them back when the browser stops and restarts this worker (it does when idle).
 *   When no page of the site is open any more, or the browser session ends, they are gone.
 * The formats are memorybook/lock/crypto.py's: MAGIC "MBL1", a 96-bit nonce, then
 * AES-256-GCM of (64-bit length, data, padding) with the path as associated data; or, for
 * a large file (a clip), "MBL2", a header, then chunks sealed one by one, so that a Range
 * (a seek) fetches and decrypts only the chunks it needs. */
"use strict";

const PUBLIC = new Set(/*PUBLIC*/[]);
const DB = "memorybook-lock";
const STORE = "keys";
const FILE_AAD = "memorybook lock v1 file\u0000";
const HEADER = 16; /* "MBL1" + 12-byte nonce */
const CHUNKED = "MBL2";
const CHUNK_AAD = "memorybook lock v2 chunk\u0000";
const CHUNK_HEADER = 36; /* "MBL2", file id (16), chunk size (32 bits), length (64), chunks (32) */
const NONCE = 12;
const TAG = 16;
const MAX_CHUNK = 16 * 1024 * 1024;
const TYPES = {
  html: "text/html; charset=utf-8", css: "text/css; charset=utf-8",
  js: "text/javascript; charset=utf-8", json: "application/json", xml: "application/xml",
  txt: "text/plain; charset=utf-8", svg: "image/svg+xml", webp: "image/webp",
  jpg: "image/jpeg", jpeg: "image/jpeg", png: "image/png", avif: "image/avif",
  gif: "image/gif", pdf: "application/pdf", gz: "application/gzip",
  woff: "font/woff", woff2: "font/woff2", ttf: "font/ttf", map: "application/json",
  ico: "image/x-icon", webmanifest: "application/manifest+json",
  ics: "text/calendar; charset=utf-8", mp4: "video/mp4", webm: "video/webm",
};
const ASK_PAGES_MS = 400; /* how long the open pages have to give the key back */
let keys = null; /* {content, names, remember} while this worker lives */

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("message", (event) => {
  const data = event.data || {};
  const reply = (answer) => event.ports[0] && event.ports[0].postMessage(answer);
  if (data.type === "keys" && data.content && data.names) {
    /* from the unlock page, just opened (remembered ones are in IndexedDB too) */
    keys = {content: data.content, names: data.names, remember: Boolean(data.remember)};
    reply("ok");
  } else if (data.type === "key?") {
    /* a page of the site, just loaded, keeps the session's key in its memory */
    reply(keys && !keys.remember ? {content: keys.content, names: keys.names} : null);
  } else if (data.type === "forget") {
    event.waitUntil(forget().then(() => reply("ok")));
  }
});

self.addEventListener("fetch", (event) => {
  const scope = self.registration.scope;
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || !url.href.startsWith(scope)) return;
  const path = decodeURIComponent(url.pathname.slice(new URL(scope).pathname.length));
  if (PUBLIC.has(path)) return;
  event.respondWith(respond(event.request, path, scope));
});

async function respond(request, path, scope) {
  const found = await loadKeys();
  const page = request.mode === "navigate";
  if (!found) return page ? unlockPage(path, scope) : new Response("locked", {status: 403});
  const name = path === "" || path.endsWith("/") ? path + "index.html" : path;
  let response = await fetchPlain(found, name, scope, 200, request.headers.get("Range"));
  if (response === "wrong-key") {
    await forget(); /* the site has a new key: ask for a passphrase again */
    return page ? unlockPage(path, scope) : new Response("locked", {status: 403});
  }
  if (response === null && page) response = await fetchPlain(found, "404.html", scope, 404);
  return response || new Response("not found", {status: 404});
}

/* The file `name` decrypted: the whole of it, or the bytes a Range header asks for (206).
 * Null if the host has no such file, "wrong-key" if it does not open (the site's key
 * changed). A file sealed in chunks (MBL2) is read chunk by chunk, fetching only the
 * chunks the range needs; a chunk that does not open ends the answer in an error. */
async function fetchPlain(found, name, scope, status = 200, range = null) {
  const url = scope + "x/" + (await opaqueName(found.names, name));
  const answer = await fetchBytes(url, range ? [0, CHUNK_HEADER] : null);
  if (answer === null) return null;
  const head = await answer.read(CHUNK_HEADER);
  if (ascii(head.subarray(0, 4)) === CHUNKED) {
    const header = parseHeader(head);
    if (header === null) return failed(answer);
    const wanted = wantedBytes(range, header.length);
    if (wanted === "unsatisfiable") return unsatisfiable(answer, header.length);
    if (range) answer.cancel(); /* a Range: fetch only the chunks that hold it */
    return streamChunks(found, name, url, header, wanted, range ? null : answer, status);
  }
  if (range) answer.cancel();
  const whole = range ? await fetchBytes(url, null) : answer;
  if (whole === null) return null;
  const blob = range ? await whole.read(Infinity) : concat([head, await whole.read(Infinity)]);
  const plain = await decryptWhole(found, name, blob);
  if (plain === null) return "wrong-key";
  const wanted = wantedBytes(range, plain.length);
  if (wanted === "unsatisfiable") return unsatisfiable(null, plain.length);
  const [start, end] = wanted || [0, plain.length];
  return new Response(plain.slice(start, end), {
    status: wanted ? 206 : status, headers: headers(name, start, end, plain.length, wanted),
  });
}

/* MBL1: the whole file, (64-bit length, data, padding) sealed once. */
async function decryptWhole(found, name, blob) {
  let framed;
  try {
    framed = new Uint8Array(await crypto.subtle.decrypt(
      {name: "AES-GCM", iv: blob.slice(4, HEADER),
       additionalData: new TextEncoder().encode(FILE_AAD + name)},
      found.content, blob.slice(HEADER)));
  } catch (error) {
    return null;
  }
  const view = new DataView(framed.buffer);
  const length = view.getUint32(0) * 2 ** 32 + view.getUint32(4);
  return framed.slice(8, 8 + length);
}

/* MBL2: the header (magic, 16-byte file id, chunk size, length, chunk count), bound into
 * every chunk's associated data with the chunk's index, a last-chunk mark and the path. */
function parseHeader(head) {
  if (head.length < CHUNK_HEADER) return null;
  const view = new DataView(head.buffer, head.byteOffset, CHUNK_HEADER);
  const header = {
    bytes: head.slice(0, CHUNK_HEADER), chunkSize: view.getUint32(20),
    length: view.getUint32(24) * 2 ** 32 + view.getUint32(28), chunks: view.getUint32(32),
  };
  const sane = header.chunkSize > 0 && header.chunkSize <= MAX_CHUNK &&
    header.chunks * header.chunkSize >= header.length;
  return sane ? {...header, sealed: NONCE + header.chunkSize + TAG} : null;
}

/* The answer: 206 for a range, else `status` with the whole file, decrypted a chunk at a
 * time as the browser reads it. `answer` is the whole file's fetch, read past its header;
 * without it the chunks the range needs are fetched with a Range of their own. */
async function streamChunks(found, name, url, header, wanted, answer, status) {
  const [start, end] = wanted || [0, header.length];
  const first = Math.floor(start / header.chunkSize);
  const past = Math.ceil(end / header.chunkSize);
  const offset = (index) => CHUNK_HEADER + index * header.sealed;
  const source = answer || (await fetchBytes(url, [offset(first), offset(past)]));
  if (source === null) return null;
  let index = first;
  const next = async () => {
    const sealed = await source.read(header.sealed);
    const plain = await decryptChunk(found, name, header, index, sealed);
    const from = Math.max(start - index * header.chunkSize, 0);
    const to = Math.min(end - index * header.chunkSize, plain.length);
    index += 1;
    return plain.subarray(from, to);
  };
  let opening;
  try {
    opening = await next(); /* the first chunk before the answer: a bad one is a 502 */
  } catch (error) {
    return failed(source);
  }
  const body = new ReadableStream({
    start(controller) {
      controller.enqueue(opening);
      if (index >= past) {
        controller.close();
        source.cancel(); /* the padding's chunks are not read */
      }
    },
    async pull(controller) {
      try {
        controller.enqueue(await next());
        if (index >= past) {
          controller.close();
          source.cancel();
        }
      } catch (error) {
        source.cancel();
        controller.error(error); /* never a wrong byte: the answer breaks off */
      }
    },
    cancel() {
      source.cancel(); /* a seek elsewhere: the rest is neither fetched nor decrypted */
    },
  });
  return new Response(body, {
    status: wanted ? 206 : status, headers: headers(name, start, end, header.length, wanted),
  });
}

async function decryptChunk(found, name, header, index, sealed) {
  if (sealed.length !== header.sealed) throw new Error(name + ": chunk " + index + " cut short");
  const position = new Uint8Array(5);
  new DataView(position.buffer).setUint32(0, index);
  position[4] = index === header.chunks - 1 ? 1 : 0;
  const additionalData = concat([
    new TextEncoder().encode(CHUNK_AAD), header.bytes, position, new TextEncoder().encode(name),
  ]);
  const plain = await crypto.subtle.decrypt(
    {name: "AES-GCM", iv: sealed.subarray(0, NONCE), additionalData},
    found.content, sealed.subarray(NONCE));
  return new Uint8Array(plain, 0, Math.max(0, Math.min(plain.byteLength,
    header.length - index * header.chunkSize)));
}

/* The bytes [start, end) a Range header asks of a file of `length` bytes; null for none
 * (or one this worker does not answer: several ranges), which gets the whole file. */
function wantedBytes(range, length) {
  const match = range && /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  if (!match || (match[1] === "" && match[2] === "")) return null;
  const start = match[1] === "" ? Math.max(0, length - Number(match[2])) : Number(match[1]);
  const last = match[1] === "" || match[2] === "" ? length - 1 : Number(match[2]);
  if (start >= length || last < start) return "unsatisfiable";
  return [start, Math.min(last, length - 1) + 1];
}

function headers(name, start, end, length, ranged) {
  const extension = name.split(".").pop().toLowerCase();
  const fields = {
    "Content-Type": TYPES[extension] || "application/octet-stream",
    "Content-Length": String(end - start),
    "Accept-Ranges": "bytes",
  };
  if (ranged) fields["Content-Range"] = `bytes ${start}-${end - 1}/${length}`;
  return fields;
}

function unsatisfiable(source, length) {
  if (source) source.cancel();
  return new Response("", {status: 416, headers: {"Content-Range": `bytes */${length}`}});
}

function failed(source) {
  source.cancel();
  return new Response("this file of the site does not open: altered, or cut short",
    {status: 502});
}

/* The encrypted file's bytes [start, end) (all of it for null) as a reader of exactly so
 * many bytes at a time. A host that ignores Range (Python's http.server) sends the whole
 * file: the bytes before `start` are then read and dropped. Null if the host lacks it. */
async function fetchBytes(url, span) {
  const asked = span ? {Range: `bytes=${span[0]}-${span[1] - 1}`} : {};
  const answer = await fetch(url, {cache: "no-cache", headers: asked});
  if (!answer.ok || !answer.body) return null;
  const reader = byteReader(answer.body);
  if (span && answer.status === 206) {
    const given = /^bytes (\d+)-/.exec(answer.headers.get("Content-Range") || "");
    if (!given || Number(given[1]) !== span[0]) {
      reader.cancel();
      throw new Error("the host answered another range than asked");
    }
  } else if (span) {
    await reader.read(span[0]);
  }
  return reader;
}

function byteReader(body) {
  const reader = body.getReader();
  let kept = new Uint8Array(0);
  return {
    /* Exactly n bytes, fewer only where the file ends. */
    async read(n) {
      const parts = [kept];
      let have = kept.length;
      while (have < n) {
        const {done, value} = await reader.read();
        if (done) break;
        parts.push(value);
        have += value.length;
      }
      const all = concat(parts);
      kept = all.subarray(Math.min(n, have));
      return all.subarray(0, Math.min(n, have));
    },
    cancel() {
      reader.cancel().catch(() => {});
    },
  };
}

function concat(parts) {
  if (parts.length === 1) return parts[0];
  const all = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return all;
}

function ascii(bytes) {
  return String.fromCharCode(...bytes);
}

async function opaqueName(namesKey, path) {
  const mac = await crypto.subtle.sign("HMAC", namesKey, new TextEncoder().encode(path));
  return Array.from(new Uint8Array(mac).slice(0, 16),
    (b) => b.toString(16).padStart(2, "0")).join("");
}

function unlockPage(path, scope) {
  /* Every address leads to the unlock page, which comes back here once opened. */
  if (path === "" || path === "index.html") return fetch(scope, {cache: "no-cache"});
  return Response.redirect(scope + "#" + encodeURIComponent(path), 302);
}

async function loadKeys() {
  if (keys && !keys.remember && (await sitePages()).length === 0) keys = null; /* session over */
  if (keys) return keys;
  const record = await withStore("readonly", (store) => store.get("site"));
  if (record && record.remember === true && record.content && record.names) {
    keys = record;
  } else {
    if (record) await withStore("readwrite", (store) => store.delete("site")); /* not ours to keep */
    keys = await askPages();
  }
  return keys;
}

/* The open windows of this site (its pages and its unlock page). */
async function sitePages() {
  const scope = self.registration.scope;
  const all = await self.clients.matchAll({type: "window", includeUncontrolled: true});
  return all.filter((client) => client.url.startsWith(scope));
}

/* A key not remembered, from the memory of a page of the site still open in this session. */
async function askPages() {
  const pages = await sitePages();
  const answers = pages.map((page) => new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => resolve(event.data);
    page.postMessage({type: "key?"}, [channel.port2]);
    setTimeout(() => resolve(null), ASK_PAGES_MS);
  }));
  for (const answer of await Promise.all(answers)) {
    if (answer && answer.content && answer.names) {
      return {content: answer.content, names: answer.names, remember: false};
    }
  }
  return null;
}

async function forget() {
  keys = null;
  await withStore("readwrite", (store) => store.delete("site"));
  for (const page of await sitePages()) page.postMessage({type: "forget"});
}

function withStore(mode, action) {
  return new Promise((resolve) => {
    const opening = indexedDB.open(DB, 1);
    opening.onupgradeneeded = () => opening.result.createObjectStore(STORE);
    opening.onerror = () => resolve(null);
    opening.onsuccess = () => {
      const request = action(opening.result.transaction(STORE, mode).objectStore(STORE));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => resolve(null);
    };
  });
}
