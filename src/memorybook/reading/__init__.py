"""Reading a journal folder into the model of `memorybook.model`, as a pipeline of small
parsers, each owning one concern and its errors:

- `files`: which files make up the journal (the walk, links, bad names);
- `front_matter`: the file and its front-matter, with the safety limits (size, UTF-8 and
  BOM, YAML aliases and depth, duplicate keys); conflict markers are refused before it;
- `keys`: which keys mean what, and near misses of the keys that hide an entry;
- `fields`: each field and its rules (dates, people, kinds, flags, tags, questions);
- `photo_refs`: `photos:`, body images, wiki links and the cover;
- `body`: prose lines, placeholders and nesting;
- `entries`: one file into an `Entry` or a `Page`;
- `assembling`: `load_journal`, slugs, one answer each, capsules.

Every parser reports through a `report.Report`, which names the file and line.
"""
