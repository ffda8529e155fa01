//! Settings in the URL query (not the hash: WordPress puts its own `#?secret=…` there), so a link
//! opens exactly the setup it was copied from. Plain Rust: the page hands us `location.search`
//! and writes back what we make. Values from a URL are untrusted text: they go into the fields
//! as typed and are checked there, with the form's own messages.

/// Query keys that are not model settings.
pub const PRESET: &str = "preset";
pub const SPEED: &str = "speed";
pub const PRESENTATION: &str = "presentation";
pub const THEME: &str = "theme";
pub const EMBED: &str = "embed";
pub const CONTROLS: &str = "controls";
pub const AUTOPLAY: &str = "autoplay";
/// A kept run, repeated once for each: its settings that differ from the page's, as a query.
pub const RUN: &str = "run";

/// The keys that describe how the page is embedded: kept as they came, and dropped from the
/// "open the full demo" link.
pub const EMBED_KEYS: [&str; 3] = [EMBED, CONTROLS, AUTOPLAY];

/// A query's pairs, in order (`?a=1&b=2`, with or without the `?`).
pub fn parse(query: &str) -> Vec<(String, String)> {
    let query = query.strip_prefix('?').unwrap_or(query);
    form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// The value of `key`, if present (the first, if repeated).
pub fn get<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// Pairs as a query, without the `?`. A slice of pairs (values owned or borrowed): one copy per
/// value type, not one per caller's iterator.
pub fn build<V: AsRef<str>>(pairs: &[(&str, V)]) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        out.append_pair(k, v.as_ref());
    }
    out.finish()
}

/// `a` and `b` joined as one query.
pub fn join(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (_, true) => a.to_string(),
        (true, false) => b.to_string(),
        (false, false) => format!("{a}&{b}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_awkward_text() {
        let text = "1, 2\"><script>alert(1)</script> & 3 = 4; ü −5 +6 %";
        let q = build(&[("sequence", text), ("units", "8")]);
        assert!(
            !q.contains(' ') && !q.contains('<') && !q.contains('"'),
            "{q}"
        );
        let back = parse(&format!("?{q}"));
        assert_eq!(get(&back, "sequence"), Some(text));
        assert_eq!(get(&back, "units"), Some("8"));
        assert_eq!(get(&back, "nope"), None);
        assert_eq!(join("a=1", ""), "a=1");
        assert_eq!(join("", "b=2"), "b=2");
        assert_eq!(join("a=1", "b=2"), "a=1&b=2");
        // Malformed escapes are read as far as they go, never refused.
        assert_eq!(get(&parse("?a=%zz&b=%"), "a"), Some("%zz"));
    }
}
