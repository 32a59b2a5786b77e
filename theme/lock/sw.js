/* memorybook's locked site: this service worker decrypts every file on the fly.
 * Web Crypto only; this script never sees a key's bytes (the keys are non-extractable
 * CryptoKeys). Where the keys live:
 * - "remember on this device": in IndexedDB, until the lock button forgets them;
 * - otherwise only in memory: this worker's and that of each open page of the site, which
 *   gives them back when the browser stops and restarts this worker (it does when idle).
 *   When no page of the site is open any more, or the browser session ends, they are gone.
 * The format is memorybook/lock/crypto.py's: MAGIC "MBL1", a 96-bit nonce, then
 * AES-256-GCM of (64-bit length, data, padding) with the path as associated data. */
"use strict";

const PUBLIC = new Set(/*PUBLIC*/[]);
const DB = "memorybook-lock";
const STORE = "keys";
const FILE_AAD = "memorybook lock v1 file\u0000";
const HEADER = 16; /* "MBL1" + 12-byte nonce */
const TYPES = {
  html: "text/html; charset=utf-8", css: "text/css; charset=utf-8",
  js: "text/javascript; charset=utf-8", json: "application/json", xml: "application/xml",
  txt: "text/plain; charset=utf-8", svg: "image/svg+xml", webp: "image/webp",
  jpg: "image/jpeg", jpeg: "image/jpeg", png: "image/png", avif: "image/avif",
  gif: "image/gif", pdf: "application/pdf", gz: "application/gzip",
  woff: "font/woff", woff2: "font/woff2", ttf: "font/ttf", map: "application/json",
  ico: "image/x-icon", webmanifest: "application/manifest+json",
  ics: "text/calendar; charset=utf-8",
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
  let response = await fetchPlain(found, name, scope);
  if (response === "wrong-key") {
    await forget(); /* the site has a new key: ask for a passphrase again */
    return page ? unlockPage(path, scope) : new Response("locked", {status: 403});
  }
  if (response === null && page) response = await fetchPlain(found, "404.html", scope, 404);
  return response || new Response("not found", {status: 404});
}

async function fetchPlain(found, name, scope, status = 200) {
  const hidden = await opaqueName(found.names, name);
  const answer = await fetch(scope + "x/" + hidden, {cache: "no-cache"});
  if (!answer.ok) return null;
  const blob = new Uint8Array(await answer.arrayBuffer());
  let framed;
  try {
    framed = new Uint8Array(await crypto.subtle.decrypt(
      {name: "AES-GCM", iv: blob.slice(4, HEADER),
       additionalData: new TextEncoder().encode(FILE_AAD + name)},
      found.content, blob.slice(HEADER)));
  } catch (error) {
    return "wrong-key";
  }
  const view = new DataView(framed.buffer);
  const length = view.getUint32(0) * 2 ** 32 + view.getUint32(4);
  const extension = name.split(".").pop().toLowerCase();
  return new Response(framed.slice(8, 8 + length), {
    status,
    headers: {"Content-Type": TYPES[extension] || "application/octet-stream"},
  });
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
