"""The HTML of the site's pages, one module per page family, as finished fragments.

Every piece is filled in with `html()` (memorybook.html), which escapes each value that is
not finished HTML already: nothing the user wrote can become markup. Links are relative,
percent-encoded URLs (memorybook.links). Each function takes the build's `context.Site`.

- `context`: what one build's pages share (the journal, the photos, links, caches);
- `page`: a page from its parts (Markdown and finished HTML kept apart as fragments);
- `words`: labels, dates, excerpts and anchors as the pages say them;
- `figures`, `people`, `cards`: photos, who wrote what, entry cards and lists;
- `home`, `timeline`, `entry`, `gratitude`, `milestones`, `capsules`, `questions`,
  `indexes` (tags, places), `stats`, `book`: each page family;
- `nav`: the site's few sections.
"""
