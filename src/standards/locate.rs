//! Finding the line and column of a JSON pointer in a JSON text, so the CLI
//! can print `file:line:col` and SARIF can place findings on the file in
//! code-scanning tools. `serde_json` keeps no positions, so this is a small
//! scanner over the text, following the pointer's tokens only.
//!
//! A file with many findings is located in one pass ([`locate_all`]): one
//! walk of the text records where every value some finding points into
//! starts, and one table of line starts turns offsets into lines. Locating
//! each finding on its own walked the text from the start each time, which
//! made a canvas with 2,000 ports take half a minute.

use std::collections::{HashMap, HashSet};

/// The 1-based `(line, column)` of the value `pointer` names in `text`, or
/// of the deepest existing ancestor when the pointer names something absent.
#[must_use]
pub fn locate(text: &str, pointer: &str) -> Option<(usize, usize)> {
    let tokens = crate::format::pointer_tokens(pointer)?;
    let b = text.as_bytes();
    let mut pos = skip_ws(b, 0);
    let mut found = pos;
    for tok in &tokens {
        match b.get(pos)? {
            b'{' => {
                let mut p = skip_ws(b, pos + 1);
                let mut hit = None;
                while b.get(p) == Some(&b'"') {
                    let (key, after) = read_string(b, p)?;
                    p = skip_ws(b, after);
                    if b.get(p) != Some(&b':') {
                        return None;
                    }
                    p = skip_ws(b, p + 1);
                    if key == *tok {
                        hit = Some(p);
                        break;
                    }
                    p = skip_ws(b, skip_value(b, p)?);
                    if b.get(p) == Some(&b',') {
                        p = skip_ws(b, p + 1);
                    }
                }
                match hit {
                    Some(p) => pos = p,
                    None => break,
                }
            }
            b'[' => {
                let Ok(want) = tok.parse::<usize>() else {
                    break;
                };
                let mut p = skip_ws(b, pos + 1);
                let mut i = 0;
                let mut hit = None;
                while b.get(p).is_some_and(|&c| c != b']') {
                    if i == want {
                        hit = Some(p);
                        break;
                    }
                    p = skip_ws(b, skip_value(b, p)?);
                    if b.get(p) == Some(&b',') {
                        p = skip_ws(b, p + 1);
                    }
                    i += 1;
                }
                match hit {
                    Some(p) => pos = p,
                    None => break,
                }
            }
            _ => break,
        }
        found = pos;
    }
    Some(crate::format::line_col(b, found))
}

/// [`locate`] for many pointers into the same text, in one pass over it;
/// the results are in the order of `pointers`.
#[must_use]
pub fn locate_all(text: &str, pointers: &[&str]) -> Vec<Option<(usize, usize)>> {
    // Every pointer asked for, and every ancestor of one: the walk enters
    // only these values and steps over the rest.
    let mut wanted: HashSet<&str> = HashSet::new();
    wanted.insert("");
    for p in pointers.iter().filter(|p| p.starts_with('/')) {
        for (i, c) in p.char_indices().skip(1) {
            if c == '/' {
                wanted.insert(&p[..i]);
            }
        }
        wanted.insert(p);
    }
    let b = text.as_bytes();
    let mut at: HashMap<String, usize> = HashMap::with_capacity(wanted.len());
    let mut path = String::new();
    let _ = index(b, skip_ws(b, 0), &mut path, &wanted, &mut at, 0);
    let lines: Vec<usize> = std::iter::once(0)
        .chain(newlines(b).map(|i| i + 1))
        .collect();
    let line_col = |off: usize| {
        let off = off.min(b.len());
        let line = lines.partition_point(|&s| s <= off);
        (line, off - lines[line - 1] + 1)
    };
    pointers
        .iter()
        .map(|p| {
            if !p.is_empty() && !p.starts_with('/') {
                return None;
            }
            // The value itself, or its deepest ancestor in the text.
            let mut q: &str = p;
            loop {
                if let Some(&off) = at.get(q) {
                    return Some(line_col(off));
                }
                q = &q[..q.rfind('/')?];
            }
        })
        .collect()
}

fn newlines(b: &[u8]) -> impl Iterator<Item = usize> + '_ {
    b.iter()
        .enumerate()
        .filter(|(_, c)| **c == b'\n')
        .map(|(i, _)| i)
}

/// Records where the value at `p` (whose pointer is `path`) starts when it
/// is wanted, and enters it when a wanted pointer lies below it. Returns
/// the position just after the value.
fn index(
    b: &[u8],
    p: usize,
    path: &mut String,
    wanted: &HashSet<&str>,
    at: &mut HashMap<String, usize>,
    depth: usize,
) -> Option<usize> {
    if !wanted.contains(path.as_str()) || depth > 512 {
        return skip_value(b, p);
    }
    // The first of duplicate keys, as `locate` finds it.
    at.entry(path.clone()).or_insert(p);
    let len = path.len();
    match b.get(p)? {
        b'{' => {
            let mut q = skip_ws(b, p + 1);
            while b.get(q) == Some(&b'"') {
                let (key, after) = read_string(b, q)?;
                q = skip_ws(b, after);
                if b.get(q) != Some(&b':') {
                    return None;
                }
                q = skip_ws(b, q + 1);
                path.push('/');
                path.push_str(&crate::format::escape_pointer_token(&key));
                let end = index(b, q, path, wanted, at, depth + 1);
                path.truncate(len);
                q = skip_ws(b, end?);
                if b.get(q) == Some(&b',') {
                    q = skip_ws(b, q + 1);
                }
            }
            (b.get(q) == Some(&b'}')).then_some(q + 1)
        }
        b'[' => {
            let mut q = skip_ws(b, p + 1);
            let mut i = 0usize;
            while b.get(q).is_some_and(|&c| c != b']') {
                path.push('/');
                path.push_str(&i.to_string());
                let end = index(b, q, path, wanted, at, depth + 1);
                path.truncate(len);
                q = skip_ws(b, end?);
                if b.get(q) == Some(&b',') {
                    q = skip_ws(b, q + 1);
                }
                i += 1;
            }
            b.get(q).map(|_| q + 1)
        }
        _ => skip_value(b, p),
    }
}

fn skip_ws(b: &[u8], mut p: usize) -> usize {
    while b.get(p).is_some_and(u8::is_ascii_whitespace) {
        p += 1;
    }
    p
}

/// Reads a string starting at the quote at `p`: `(unescaped, position after)`.
fn read_string(b: &[u8], p: usize) -> Option<(String, usize)> {
    let mut q = p + 1;
    let mut escaped = false;
    while let Some(&c) = b.get(q) {
        if escaped {
            escaped = false;
        } else if c == b'\\' {
            escaped = true;
        } else if c == b'"' {
            let raw = std::str::from_utf8(&b[p..=q]).ok()?;
            let s: String = serde_json::from_str(raw).ok()?;
            return Some((s, q + 1));
        }
        q += 1;
    }
    None
}

/// The position just after the value starting at `p`.
fn skip_value(b: &[u8], p: usize) -> Option<usize> {
    match b.get(p)? {
        b'"' => read_string(b, p).map(|(_, q)| q),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut q = p;
            while let Some(&c) = b.get(q) {
                match c {
                    b'"' => {
                        q = read_string(b, q)?.1;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(q + 1);
                        }
                    }
                    _ => {}
                }
                q += 1;
            }
            None
        }
        _ => {
            let mut q = p;
            while b
                .get(q)
                .is_some_and(|&c| !matches!(c, b',' | b'}' | b']') && !c.is_ascii_whitespace())
            {
                q += 1;
            }
            Some(q)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::locate;

    #[test]
    fn finds_nested_values() {
        let text = "{\n  \"a\": [1, {\"b/c\": \"x\"}],\n  \"d\": {\"e\": true}\n}\n";
        assert_eq!(locate(text, ""), Some((1, 1)));
        assert_eq!(locate(text, "/a/1/b~1c"), Some((2, 20)));
        assert_eq!(locate(text, "/d/e"), Some((3, 14)));
        // Absent: the deepest existing ancestor.
        assert_eq!(locate(text, "/d/zzz"), Some((3, 8)));
    }

    #[test]
    fn locating_all_at_once_finds_what_locating_each_finds() {
        let text = "{\n  \"a\": [1, {\"b/c\": \"x\", \"t~\": [ ]}],\n  \"d\": {\"e\": true, \"e\": 2},\n  \"f\": \"}]\\\"\"\n}\n";
        let pointers = [
            "",
            "/a",
            "/a/0",
            "/a/1",
            "/a/1/b~1c",
            "/a/1/t~0",
            "/a/1/t~0/0",
            "/a/2",
            "/a/x",
            "/d",
            "/d/e",
            "/d/zzz",
            "/f",
            "/f/g",
            "/zz/y",
            "nope",
        ];
        let all = super::locate_all(text, &pointers);
        for (p, got) in pointers.iter().zip(&all) {
            assert_eq!(*got, locate(text, p), "{p}");
        }
        assert_eq!(all[4], Some((2, 20)));
    }
}
