#!/usr/bin/env python3
"""Writes a code-heavy mdBook book for benchmarks: book.toml only (no handbook.toml), a SUMMARY.md
of parts and chapters, and per chapter prose with many code blocks, Rust blocks with hidden
`# ` lines, {{#include}} and {{#rustdoc_include}} of listing files by anchor and line range,
TOML and Python blocks (Python hiding lines with the book's `hidelines` prefix), and links to
other chapters' built pages (`chNNN.html#…`), as mdBook books are written.

Usage: bench/gen-code-heavy.py OUT_DIR [--chapters N] [--blocks B]
Deterministic: the same arguments always write the same files.
"""

import argparse
import os
import random
import re

WORDS = (
    "ownership borrow lifetime trait generic iterator closure module crate macro pattern match "
    "enum struct slice vector string error result option thread channel async future pin box "
    "reference mutable immutable scope drop heap stack compile runtime type inference"
).split()


def sentence(rng, n=14):
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def listing(index, rng):
    """A Rust file with two anchored parts, about 40 lines."""
    lines = ["use std::collections::HashMap;", "use std::fmt;", ""]
    lines.append("// ANCHOR: types")
    lines.append(f"#[derive(Debug, Clone)]\npub struct Item{index} {{\n    pub name: String,\n    pub count: u32,\n}}")
    lines.append("// ANCHOR_END: types")
    lines.append("")
    lines.append("// ANCHOR: main")
    lines.append("fn main() {")
    lines.append("    let mut counts: HashMap<String, u32> = HashMap::new();")
    for k in range(8):
        word = rng.choice(WORDS)
        lines.append(f'    *counts.entry("{word}".to_string()).or_insert(0) += {k + 1};')
    lines.append('    for (name, count) in &counts {')
    lines.append(f'        let item = Item{index} {{ name: name.clone(), count: *count }};')
    lines.append('        println!("{item:?}");')
    lines.append("    }")
    lines.append("}")
    lines.append("// ANCHOR_END: main")
    lines.append("")
    lines.append(f"impl fmt::Display for Item{index} {{")
    lines.append("    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {")
    lines.append('        write!(f, "{} ({})", self.name, self.count)')
    lines.append("    }")
    lines.append("}")
    return "\n".join(lines) + "\n"


def rust_block(rng, index, k):
    body = [
        "```rust",
        "# use std::collections::HashMap;",
        "# fn main() {",
        f"let mut scores{k} = HashMap::new();",
        f'scores{k}.insert("{rng.choice(WORDS)}", {rng.randint(1, 99)});',
        f"for (key, value) in &scores{k} {{",
        '    println!("{key}: {value}");',
        "}",
        "# }",
        "```",
    ]
    return "\n".join(body)


def chapter(index, chapters, rng, blocks):
    out = [f"# Chapter {index}: {rng.choice(WORDS).capitalize()} and {rng.choice(WORDS)}", ""]
    out.append(sentence(rng, 30))
    out.append("")
    for k in range(blocks):
        out.append(f"## Section {k + 1}: the {rng.choice(WORDS)} -- {rng.choice(WORDS)}")
        out.append("")
        out.append(sentence(rng, 24) + " " + sentence(rng, 18))
        out.append("")
        kind = k % 5
        if kind == 0:
            out.append(rust_block(rng, index, k))
        elif kind == 1:
            out.append("```rust,ignore")
            out.append(f"{{{{#rustdoc_include ../listings/ch{index:03}.rs:main}}}}")
            out.append("```")
        elif kind == 2:
            out.append("```rust")
            out.append(f"{{{{#include ../listings/ch{index:03}.rs:types}}}}")
            out.append("```")
            out.append("")
            out.append("```rust,noplayground")
            out.append(f"{{{{#include ../listings/ch{index:03}.rs:10:14}}}}")
            out.append("```")
        elif kind == 3:
            out.append("```toml")
            out.append("[package]")
            out.append(f'name = "chapter-{index}"')
            out.append('version = "0.1.0"')
            out.append("")
            out.append("[dependencies]")
            out.append(f'{rng.choice(WORDS)} = "1.{rng.randint(0, 9)}"')
            out.append("```")
        else:
            out.append("```python")
            out.append("~import sys")
            out.append(f"def {rng.choice(WORDS)}(items):")
            out.append("    return sorted(items)")
            out.append("```")
        out.append("")
        other = rng.randint(1, chapters)
        out.append(f"See [chapter {other}](ch{other:03}.html#@S1@).")
        out.append("")
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--chapters", type=int, default=120)
    parser.add_argument("--blocks", type=int, default=12)
    args = parser.parse_args()
    rng = random.Random(14)
    os.makedirs(os.path.join(args.out, "src"), exist_ok=True)
    os.makedirs(os.path.join(args.out, "listings"), exist_ok=True)
    with open(os.path.join(args.out, "book.toml"), "w") as f:
        f.write('[book]\ntitle = "Code-heavy book"\nauthors = ["Bench"]\nlanguage = "en"\nsrc = "src"\n\n')
        f.write('[output.html.code.hidelines]\npython = "~"\n')
    summary = ["# Summary", "", "[Introduction](intro.md)", ""]
    with open(os.path.join(args.out, "src", "intro.md"), "w") as f:
        f.write("# Introduction\n\n" + sentence(rng, 40) + "\n")
    texts, slugs = {}, {}
    for index in range(1, args.chapters + 1):
        texts[index] = chapter(index, args.chapters, rng, args.blocks)
        # The id mdBook gives the first section's heading (smart punctuation turns `--` into a
        # dash, which the id drops).
        first = texts[index].split("## ", 1)[1].split("\n", 1)[0].replace("--", "\u2013")
        slugs[index] = "".join(
            c if c.isalnum() or c in "_-" else "-" if c.isspace() else "" for c in first.lower()
        )
    for index in range(1, args.chapters + 1):
        if index % 10 == 1:
            summary.append(f"# Part {index // 10 + 1}")
            summary.append("")
        summary.append(f"- [Chapter {index}](ch{index:03}.md)")
        text = re.sub(
            r"\(ch(\d{3})\.html#@S1@\)",
            lambda m: f"(ch{m.group(1)}.html#{slugs[int(m.group(1))]})",
            texts[index],
        )
        with open(os.path.join(args.out, "src", f"ch{index:03}.md"), "w") as f:
            f.write(text)
        with open(os.path.join(args.out, "listings", f"ch{index:03}.rs"), "w") as f:
            f.write(listing(index, rng))
        if index % 10 == 0:
            summary.append("")
    with open(os.path.join(args.out, "src", "SUMMARY.md"), "w") as f:
        f.write("\n".join(summary) + "\n")


if __name__ == "__main__":
    main()
