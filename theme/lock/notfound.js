/* A locked site's 404.html, the page most hosts (GitHub Pages, Netlify, Cloudflare Pages,
 * GitLab Pages) serve for an address they do not have. On a locked site every address
 * but the unlock page is such an address until this browser has opened the site (the
 * pages lie encrypted under secret names), so a link to an entry opened first would end
 * here. This finds the site's own address (the nearest folder above with lock/keys.json)
 * and goes to its unlock page, which comes back to the address asked for once opened. */
"use strict";
(async function () {
  const wanted = location.pathname;
  let folder = wanted.replace(/[^/]*$/, "");
  for (;;) {
    try {
      const answer = await fetch(folder + "lock/keys.json", {cache: "no-cache"});
      if (answer.ok && (await answer.json()).slots) {
        location.replace(folder + "#" + encodeURIComponent(wanted.slice(folder.length)));
        return;
      }
    } catch (error) {
      /* not here: try the folder above */
    }
    if (folder === "/") break;
    folder = folder.replace(/[^/]*\/$/, "");
  }
  document.getElementById("mb-finding").hidden = true;
  document.getElementById("mb-missing").hidden = false;
})();
