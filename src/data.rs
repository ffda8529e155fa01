//! Text → numbers, and the notebook's sliding windows (`split_sequence`).

use std::fmt;

/// The most values a sequence may hold.
pub const MAX_VALUES: usize = 100_000;
/// The longest input window.
pub const MAX_SEQ_LEN: usize = 500;
/// The most values predicted at once.
pub const MAX_N_STEPS: usize = 100;

/// Why a piece of text is not a sequence of numbers. Positions count values from 1.
#[derive(Debug, Clone, PartialEq)]
pub enum ParseError {
    Empty,
    NotANumber { token: String, position: usize },
    TooLarge { token: String, position: usize },
    NotFinite { token: String, position: usize },
    TooMany,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::Empty => write!(
                f,
                "The sequence is empty: type some numbers, separated by commas or spaces."
            ),
            ParseError::NotANumber { token, position } => {
                write!(f, "\"{token}\" at position {position} is not a number.")
            }
            ParseError::TooLarge { token, position } => write!(
                f,
                "\"{token}\" at position {position} is too large (the limit is about 3.4e38)."
            ),
            ParseError::NotFinite { token, position } => write!(
                f,
                "\"{token}\" at position {position} is not a finite number: use ordinary numbers."
            ),
            ParseError::TooMany => write!(
                f,
                "The sequence has more than {} values; please shorten it.",
                group(MAX_VALUES)
            ),
        }
    }
}

impl std::error::Error for ParseError {}

/// Writes 100000 as "100,000", the way the page shows counts. Takes any whole number type, so a
/// u64 is not cut to wasm32's 32-bit usize on the way.
pub fn group(n: impl std::fmt::Display) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `parts.join(sep)`, written out: std's `join` is a kilobyte of wasm per element type, this
/// a tenth of that.
pub fn join<S: AsRef<str>>(parts: &[S], sep: &str) -> String {
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(part.as_ref());
    }
    out
}

/// Shows at most 24 characters of a token: a pasted megabyte must not end up in a message.
fn shown(token: &str) -> String {
    let mut s: String = token.chars().take(24).collect();
    if token.chars().nth(24).is_some() {
        s.push('…');
    }
    s
}

/// Parses values separated by any mix of commas, semicolons, spaces and newlines.
///
/// Accepts decimals, `1e3`, `-2.5E-1`, a leading `+`, and the Unicode minus `−` (what word
/// processors and slides paste). Rejects NaN, infinities and values beyond f32.
pub fn parse_sequence(text: &str) -> Result<Vec<f32>, ParseError> {
    let mut values = Vec::new();
    let tokens = text
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|t| !t.is_empty());
    for (i, token) in tokens.enumerate() {
        let position = i + 1;
        if position > MAX_VALUES {
            return Err(ParseError::TooMany);
        }
        values.push(parse_value(token, position)?);
    }
    if values.is_empty() {
        return Err(ParseError::Empty);
    }
    Ok(values)
}

/// Parses one number the way [`parse_sequence`] does; `position` only labels errors.
pub fn parse_value(token: &str, position: usize) -> Result<f32, ParseError> {
    // Allocates only for a Unicode minus: 100,000 pasted values must parse in a few ms.
    // (A char test: `str::contains` of a non-ASCII char would link the substring searcher.)
    let normal = if token.chars().any(|c| c == '\u{2212}') {
        std::borrow::Cow::Owned(token.replace('\u{2212}', "-"))
    } else {
        std::borrow::Cow::Borrowed(token)
    };
    let bad = || ParseError::NotANumber {
        token: shown(token),
        position,
    };
    // "inf" and "NaN" are words, not numbers, to a student: say so rather than "not a number".
    let word = normal.trim_start_matches(['+', '-']).as_bytes();
    let starts = |w: &[u8]| word.len() >= w.len() && word[..w.len()].eq_ignore_ascii_case(w);
    if starts(b"inf") || starts(b"nan") {
        return Err(ParseError::NotFinite {
            token: shown(token),
            position,
        });
    }
    let v = crate::number::parse_f32(&normal).ok_or_else(bad)?;
    if !v.is_finite() {
        return Err(ParseError::TooLarge {
            token: shown(token),
            position,
        });
    }
    Ok(v)
}

/// How commas inside numbers could be meant, when they are not separating values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// `1,234` is one thousand two hundred and thirty-four.
    Thousands,
    /// `12,5` is twelve and a half.
    Decimals,
}

/// The readings of `text` its commas allow, each with the text rewritten that way, for the page
/// to offer (thousands first). Values must be separated by spaces, new lines, tabs or semicolons
/// and at least one hold a comma between digits: `1,234 2,345` may be thousands or decimals,
/// `12,5; 13,1` only decimals, `1,234,567` only thousands. It never changes how
/// [`parse_sequence`] reads the text: guessing silently would turn "10,20;30,40" into two numbers
/// for someone who meant four.
pub fn comma_readings(text: &str) -> Vec<(Reading, String)> {
    let tokens: Vec<&str> = text
        .split(|c: char| c == ';' || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .map(|t| t.trim_start_matches(['-', '+', '\u{2212}']))
        .collect();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
    let has_comma = |t: &&str| t.bytes().any(|c| c == b',');
    if tokens.len() < 2 || !tokens.iter().any(has_comma) {
        return Vec::new();
    }
    // 12,5: one comma between digits, no point.
    let decimal = |t: &&str| matches!(t.split_once(','), Some((a, b)) if digits(a) && digits(b));
    // 1,234,567.5 (or a plain 999): groups of three after the first, then maybe a decimal part.
    let thousands = |t: &&str| {
        let (whole, frac) = t.split_once('.').unwrap_or((t, "0"));
        let mut groups = whole.split(',');
        let first = groups.next().unwrap_or("");
        let head_ok = digits(first) && (first.len() <= 3 || !whole.contains(','));
        head_ok && groups.all(|g| g.len() == 3 && digits(g)) && digits(frac)
    };
    let mut out = Vec::new();
    if tokens.iter().all(thousands) {
        out.push((Reading::Thousands, text.replace(',', "")));
    }
    if tokens.iter().all(decimal) {
        out.push((Reading::Decimals, text.replace(',', ".")));
    }
    out
}

/// Why a sequence cannot be cut into windows.
#[derive(Debug, Clone, PartialEq)]
pub enum WindowError {
    SeqLenZero,
    NStepsZero,
    SeqLenTooLarge,
    NStepsTooLarge,
    TooShort { have: usize, need: usize },
}

impl fmt::Display for WindowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WindowError::SeqLenZero => write!(f, "seq_len must be at least 1."),
            WindowError::NStepsZero => write!(f, "n_steps must be at least 1."),
            WindowError::SeqLenTooLarge => write!(f, "seq_len can be at most {MAX_SEQ_LEN}."),
            WindowError::NStepsTooLarge => write!(f, "n_steps can be at most {MAX_N_STEPS}."),
            WindowError::TooShort { have, need } => write!(
                f,
                "One window needs seq_len + n_steps = {need} values, but the sequence has {have}. \
                 Add {} more, or make seq_len or n_steps smaller.",
                need - have
            ),
        }
    }
}

impl std::error::Error for WindowError {}

/// The sliding windows over a sequence. They are views, not copies: 100,000 values with
/// seq_len 500 take 400 KB, not the 200 MB that (N, T) matrices would.
#[derive(Debug, Clone, PartialEq)]
pub struct Windows {
    values: Vec<f32>, // the sequence the windows slide over
    pub seq_len: usize,
    pub n_steps: usize,
}

impl Windows {
    pub fn len(&self) -> usize {
        window_count(self.values.len(), self.seq_len, self.n_steps)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Window i's input: `values[i..i+seq_len]`.
    pub fn input(&self, i: usize) -> &[f32] {
        &self.values[i..i + self.seq_len]
    }

    /// Window i's target: the `n_steps` values after its input.
    pub fn target(&self, i: usize) -> &[f32] {
        &self.values[i + self.seq_len..i + self.seq_len + self.n_steps]
    }

    /// The inputs of windows `range` as one (n, T) matrix: a copy, for predictions and checks.
    pub fn inputs(&self, range: std::ops::Range<usize>) -> Vec<f32> {
        range.flat_map(|i| self.input(i).iter().copied()).collect()
    }

    /// The targets of windows `range` as one (n, S) matrix.
    pub fn targets(&self, range: std::ops::Range<usize>) -> Vec<f32> {
        range.flat_map(|i| self.target(i).iter().copied()).collect()
    }
}

/// How many windows a sequence of `len` values gives: `len − seq_len − n_steps + 1`.
pub fn window_count(len: usize, seq_len: usize, n_steps: usize) -> usize {
    (len + 1).saturating_sub(seq_len + n_steps)
}

/// Checks `seq_len` and `n_steps` against a sequence length without building anything.
pub fn check_windows(len: usize, seq_len: usize, n_steps: usize) -> Result<usize, WindowError> {
    if seq_len == 0 {
        return Err(WindowError::SeqLenZero);
    }
    if n_steps == 0 {
        return Err(WindowError::NStepsZero);
    }
    if seq_len > MAX_SEQ_LEN {
        return Err(WindowError::SeqLenTooLarge);
    }
    if n_steps > MAX_N_STEPS {
        return Err(WindowError::NStepsTooLarge);
    }
    let need = seq_len + n_steps;
    if len < need {
        return Err(WindowError::TooShort { have: len, need });
    }
    Ok(window_count(len, seq_len, n_steps))
}

/// A chronological split of `n` windows for validation: `(train, first_val)`, where windows
/// `0..train` train the model and `first_val..n` (the last `percent`% of them, at least one) are
/// held out. The `n_steps − 1` windows between are dropped, so no value the model is scored on
/// was ever a training target. None when fewer than one window would be left to train on.
pub fn holdout_split(n: usize, n_steps: usize, percent: usize) -> Option<(usize, usize)> {
    if percent == 0 {
        return Some((n, n));
    }
    let val = (n * percent).div_ceil(100).max(1);
    let first_val = n.checked_sub(val)?;
    let train = first_val.checked_sub(n_steps - 1)?;
    (train >= 1).then_some((train, first_val))
}

/// The notebook's `split_sequence`: window i is `seq[i..i+seq_len] → seq[i+seq_len..i+seq_len+n_steps]`.
pub fn split_sequence(seq: &[f32], seq_len: usize, n_steps: usize) -> Result<Windows, WindowError> {
    check_windows(seq.len(), seq_len, n_steps)?;
    Ok(Windows {
        values: seq.to_vec(),
        seq_len,
        n_steps,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_is_std_join() {
        for parts in [vec![], vec!["a"], vec!["a", ""], vec!["", "b", "c"]] {
            assert_eq!(join(&parts, ", "), parts.join(", "));
            assert_eq!(join(&parts, ""), parts.concat());
        }
    }

    #[test]
    fn notebook_windows() {
        let seq: Vec<f32> = (1..=9).map(|i| (i * 10) as f32).collect();
        let w = split_sequence(&seq, 3, 2).unwrap();
        assert_eq!(w.len(), 5);
        assert_eq!(w.input(0), &[10.0, 20.0, 30.0]);
        assert_eq!(w.target(0), &[40.0, 50.0]);
        assert_eq!(w.input(4), &[50.0, 60.0, 70.0]);
        assert_eq!(w.target(4), &[80.0, 90.0]);
    }

    #[test]
    fn separators_and_number_forms() {
        let v = parse_sequence("1, 2;3\n4\t 5 ,, 1e3 -2.5E-1 +7 \u{2212}8 .5").unwrap();
        assert_eq!(
            v,
            vec![1.0, 2.0, 3.0, 4.0, 5.0, 1000.0, -0.25, 7.0, -8.0, 0.5]
        );
    }

    #[test]
    fn parse_errors_name_token_and_position() {
        let e = parse_sequence("10, abc, 30").unwrap_err();
        assert_eq!(e.to_string(), "\"abc\" at position 2 is not a number.");
        assert!(matches!(
            parse_sequence("1 NaN").unwrap_err(),
            ParseError::NotFinite { position: 2, .. }
        ));
        assert!(matches!(
            parse_sequence("-inf").unwrap_err(),
            ParseError::NotFinite { position: 1, .. }
        ));
        assert!(matches!(
            parse_sequence("1 2 1e39").unwrap_err(),
            ParseError::TooLarge { position: 3, .. }
        ));
        assert_eq!(parse_sequence(" ,\n ;").unwrap_err(), ParseError::Empty);
        assert_eq!(parse_sequence("").unwrap_err(), ParseError::Empty);
        let long = "1 ".repeat(MAX_VALUES + 1);
        assert_eq!(parse_sequence(&long).unwrap_err(), ParseError::TooMany);
        assert_eq!(
            parse_sequence(&"1 ".repeat(MAX_VALUES)).unwrap().len(),
            MAX_VALUES
        );
    }

    #[test]
    fn commas_in_numbers_are_offered_never_guessed() {
        use Reading::{Decimals, Thousands};
        let offered = |text: &str| -> Vec<(Reading, String)> { comma_readings(text) };
        for (text, want) in [
            ("12,5; 13,1; 14,7", vec![(Decimals, "12.5; 13.1; 14.7")]),
            (
                "12,5\n13,1\n\u{2212}14,75\n",
                vec![(Decimals, "12.5\n13.1\n\u{2212}14.75\n")],
            ),
            ("1,5;2,25", vec![(Decimals, "1.5;2.25")]),
            // Decimal commas separated by spaces.
            ("12,5 13,1 14,7", vec![(Decimals, "12.5 13.1 14.7")]),
            // Thousands separators: either reading fits a comma before three digits…
            (
                "1,234 2,345 3,456",
                vec![
                    (Thousands, "1234 2345 3456"),
                    (Decimals, "1.234 2.345 3.456"),
                ],
            ),
            (
                "1,234\n2,345",
                vec![(Thousands, "1234\n2345"), (Decimals, "1.234\n2.345")],
            ),
            // …but two commas, or a decimal point after them, can only be thousands.
            ("1,234,567 2,000 999", vec![(Thousands, "1234567 2000 999")]),
            ("1,234.5; 2,000.25", vec![(Thousands, "1234.5; 2000.25")]),
            ("10, 20, 30", vec![]),
            ("10,20,30", vec![]),
            ("12,5", vec![]),
            ("12,5; 13; 14,7", vec![]),
            ("1,2,3; 4,5,6", vec![]),
            ("12.5; 13.1", vec![]),
            ("1234,567 1,000", vec![(Decimals, "1234.567 1.000")]),
        ] {
            let want: Vec<(Reading, String)> =
                want.into_iter().map(|(r, t)| (r, t.to_string())).collect();
            assert_eq!(offered(text), want, "{text:?}");
        }
        // Offered, not applied: the text still reads as six numbers until the person says so.
        assert_eq!(parse_sequence("12,5; 13,1; 14,7").unwrap().len(), 6);
        let (_, fixed) = &comma_readings("12,5; 13,1; 14,7")[0];
        assert_eq!(parse_sequence(fixed).unwrap(), vec![12.5, 13.1, 14.7]);
        let (_, thousands) = &comma_readings("1,234 2,345")[0];
        assert_eq!(parse_sequence(thousands).unwrap(), vec![1234.0, 2345.0]);
    }

    #[test]
    fn long_tokens_are_cut_in_messages() {
        let e = parse_sequence(&"x".repeat(10_000)).unwrap_err().to_string();
        assert!(e.len() < 80, "{e}");
    }

    #[test]
    fn window_errors_say_what_is_needed() {
        let seq = [1.0, 2.0, 3.0, 4.0];
        let e = split_sequence(&seq, 3, 2).unwrap_err();
        assert_eq!(e, WindowError::TooShort { have: 4, need: 5 });
        assert!(e.to_string().contains("needs seq_len + n_steps = 5 values"));
        assert!(e.to_string().contains("Add 1 more"));
        assert_eq!(
            split_sequence(&seq, 0, 1).unwrap_err(),
            WindowError::SeqLenZero
        );
        assert_eq!(
            split_sequence(&seq, 1, 0).unwrap_err(),
            WindowError::NStepsZero
        );
        assert_eq!(
            check_windows(10_000, 501, 1).unwrap_err(),
            WindowError::SeqLenTooLarge
        );
        assert_eq!(
            check_windows(10_000, 1, 101).unwrap_err(),
            WindowError::NStepsTooLarge
        );
        assert_eq!(check_windows(5, 3, 2), Ok(1));
    }

    #[test]
    fn holdout_keeps_targets_apart() {
        // 20 windows, 20% held out: the last 4 validate; with n_steps 3, two windows are dropped.
        assert_eq!(holdout_split(20, 3, 20), Some((14, 16)));
        assert_eq!(holdout_split(20, 1, 0), Some((20, 20)));
        assert_eq!(holdout_split(5, 1, 10), Some((4, 4)));
        assert_eq!(holdout_split(3, 3, 50), None);
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(group(2702), "2,702");
        assert_eq!(group(100_000), "100,000");
        assert_eq!(group(12), "12");
    }
}
