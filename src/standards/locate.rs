//! Finding the line and column of a JSON pointer in a JSON text, so the CLI
//! can print `file:line:col` and SARIF can place findings on the file in
//! code-scanning tools. serde_json keeps no positions, so this is a small
//! scanner over the text, following the pointer's tokens only.

/// The 1-based `(line, column)` of the value `pointer` names in `text`, or
/// of the deepest existing ancestor when the pointer names something absent.
#[must_use]
pub fn locate(text: &str, pointer: &str) -> Option<(usize, usize)> {
    let tokens: Vec<String> = if pointer.is_empty() {
        Vec::new()
    } else {
        pointer
            .strip_prefix('/')?
            .split('/')
            .map(|t| t.replace("~1", "/").replace("~0", "~"))
            .collect()
    };
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
}
