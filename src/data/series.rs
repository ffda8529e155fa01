//! The data as named series: one plain sequence, or a table of several series side by side (a
//! header line of names, then one row per time step), with optional row labels such as dates.
//!
//! A table is read when the text's first line names its columns: it has no number in it and a
//! line follows. Cells are separated by tabs, semicolons or commas — whichever the header uses,
//! in that order of preference — and may be quoted (`"sales, total"`). A first column whose
//! header is empty, or whose first cell is not a number, holds row labels (dates); every other
//! column is a series of numbers. Anything else is read as a plain sequence
//! ([`super::parse_sequence`]), exactly as before tables existed.

use super::parse::{parse_sequence, parse_value, ParseError, MAX_VALUES};
use crate::format::{group, join, Num};
use std::fmt;

/// The most series a table may hold (its label column not counted).
pub const MAX_COLUMNS: usize = 8;

/// One or more series of equal length, row by row.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Series {
    /// (rows, F) row-major: row r holds every series' value at time step r.
    pub values: Vec<f32>,
    /// The series' names, from the header; empty for a plain sequence (one unnamed series).
    pub columns: Vec<String>,
    /// The label column's header and its cells (dates), when the table has one.
    pub labels: Option<(String, Vec<String>)>,
}

impl Series {
    /// One unnamed series: what a plain sequence of numbers is.
    pub fn plain(values: Vec<f32>) -> Series {
        Series {
            values,
            columns: Vec::new(),
            labels: None,
        }
    }

    /// F: how many series, 1 for a plain sequence.
    pub fn features(&self) -> usize {
        self.columns.len().max(1)
    }

    /// How many time steps (rows).
    pub fn rows(&self) -> usize {
        self.values.len() / self.features()
    }

    /// Whether the data came with a header line of names.
    pub fn is_table(&self) -> bool {
        !self.columns.is_empty()
    }

    /// Row r: every series' value at step r. (F)
    pub fn row(&self, r: usize) -> &[f32] {
        let f = self.features();
        &self.values[r * f..(r + 1) * f]
    }

    /// Series j's values, in time order (a copy: the rows are stored together). (rows)
    pub fn column(&self, j: usize) -> Vec<f32> {
        self.values
            .iter()
            .skip(j)
            .step_by(self.features())
            .copied()
            .collect()
    }

    /// Series j's name as the page writes it: the header's, or "the sequence" for a plain one.
    pub fn name(&self, j: usize) -> &str {
        self.columns.get(j).map_or("the sequence", |s| s.as_str())
    }

    /// The column index of a name, ignoring case.
    pub fn find(&self, name: &str) -> Option<usize> {
        let name = name.trim();
        self.columns
            .iter()
            .position(|c| c.eq_ignore_ascii_case(name))
    }

    /// A table from named columns of equal length (the JS API's `{ lead: [...], sales: [...] }`),
    /// checked as a pasted table is: names present and distinct, at most [`MAX_COLUMNS`].
    pub fn from_columns(columns: Vec<(String, Vec<f32>)>) -> Result<Series, TableError> {
        let Some((first, rows)) = columns.first().map(|(n, c)| (n.clone(), c.len())) else {
            return Err(TableError::NoSeries);
        };
        if columns.len() > MAX_COLUMNS {
            return Err(TableError::TooManyColumns {
                have: columns.len(),
            });
        }
        if rows == 0 {
            return Err(TableError::NoRows);
        }
        if rows.saturating_mul(columns.len()) > MAX_VALUES {
            return Err(TableError::TooMany);
        }
        for (j, (name, values)) in columns.iter().enumerate() {
            if name.trim().is_empty() {
                return Err(TableError::NoName { column: j + 1 });
            }
            if columns[..j]
                .iter()
                .any(|(c, _)| c.eq_ignore_ascii_case(name))
            {
                return Err(TableError::Duplicate { name: name.clone() });
            }
            if values.len() != rows {
                return Err(TableError::Unequal {
                    name: name.clone(),
                    have: values.len(),
                    first: first.clone(),
                    want: rows,
                });
            }
        }
        let mut values = Vec::with_capacity(rows * columns.len());
        for r in 0..rows {
            for (_, c) in &columns {
                values.push(c[r]);
            }
        }
        Ok(Series {
            values,
            columns: columns
                .into_iter()
                .map(|(n, _)| n.trim().to_string())
                .collect(),
            labels: None,
        })
    }

    /// The text that reads back as this data: numbers joined by ", " for a plain sequence; a
    /// header line and comma-separated rows for a table (quoted where a name needs it).
    pub fn to_text(&self) -> String {
        let nums = |row: &[f32]| row.iter().map(|&v| Num(v).to_string()).collect::<Vec<_>>();
        if !self.is_table() {
            return join(&nums(&self.values), ", ");
        }
        let mut header: Vec<String> = Vec::new();
        if let Some((name, _)) = &self.labels {
            header.push(quoted(name));
        }
        header.extend(self.columns.iter().map(|c| quoted(c)));
        let mut lines = vec![join(&header, ",")];
        for r in 0..self.rows() {
            let mut cells: Vec<String> = Vec::new();
            if let Some((_, labels)) = &self.labels {
                cells.push(quoted(&labels[r]));
            }
            cells.extend(nums(self.row(r)));
            lines.push(join(&cells, ","));
        }
        join(&lines, "\n")
    }
}

/// A cell as CSV writes it: in double quotes when it holds a comma, a quote or a line break.
fn quoted(cell: &str) -> String {
    if cell
        .chars()
        .any(|c| matches!(c, ',' | '"' | '\n' | '\r' | ';' | '\t'))
        || cell.is_empty()
    {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_string()
    }
}

/// Why a table cannot be read. Lines count from 1, the header being line 1.
#[derive(Debug, Clone, PartialEq)]
pub enum TableError {
    /// A header cell is empty (not the first, which may name the labels).
    NoName {
        column: usize,
    },
    Duplicate {
        name: String,
    },
    NoRows,
    TooManyColumns {
        have: usize,
    },
    NoSeries,
    Ragged {
        line: usize,
        have: usize,
        want: usize,
    },
    Empty {
        line: usize,
        column: String,
    },
    NotANumber {
        line: usize,
        column: String,
        error: ParseError,
    },
    TooMany,
    /// Columns given as lists of different lengths.
    Unequal {
        name: String,
        have: usize,
        first: String,
        want: usize,
    },
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TableError::NoName { column } => write!(
                f,
                "Column {column} of the header has no name: give every column a name."
            ),
            TableError::Duplicate { name } => write!(
                f,
                "Two columns are called \u{201c}{name}\u{201d}: give each its own name."
            ),
            TableError::NoRows => write!(
                f,
                "The header line has no rows under it: add the numbers, one row per line."
            ),
            TableError::TooManyColumns { have } => write!(
                f,
                "The table has {have} columns of numbers; the playground takes at most \
                 {MAX_COLUMNS}. Remove the ones the forecast does not need."
            ),
            TableError::NoSeries => write!(
                f,
                "The table has labels but no column of numbers to learn from."
            ),
            TableError::Ragged { line, have, want } => write!(
                f,
                "Line {line} has {have} {}, but the header names {want} columns: every row \
                 needs one value per column.",
                if *have == 1 { "cell" } else { "cells" }
            ),
            TableError::Empty { line, column } => write!(
                f,
                "Line {line}, column \u{201c}{column}\u{201d} is empty: every row needs every value."
            ),
            TableError::NotANumber {
                line,
                column,
                error,
            } => {
                let what = match error {
                    ParseError::NotANumber { token, .. } => {
                        format!("\u{201c}{token}\u{201d} is not a number")
                    }
                    ParseError::TooLarge { token, .. } => {
                        format!("\u{201c}{token}\u{201d} is too large (the limit is about 3.4e38)")
                    }
                    ParseError::NotFinite { token, .. } => {
                        format!("\u{201c}{token}\u{201d} is not a finite number")
                    }
                    _ => "this cell is not a number".to_string(),
                };
                write!(f, "Line {line}, column \u{201c}{column}\u{201d}: {what}.")
            }
            TableError::Unequal {
                name,
                have,
                first,
                want,
            } => write!(
                f,
                "Series \u{201c}{name}\u{201d} has {have} values, but \u{201c}{first}\u{201d} has \
                 {want}: every series needs one value per time step."
            ),
            TableError::TooMany => write!(
                f,
                "The table has more than {} values; please shorten it.",
                group(MAX_VALUES)
            ),
        }
    }
}

impl std::error::Error for TableError {}

/// Why the text is not data: as a plain sequence, or as a table.
#[derive(Debug, Clone, PartialEq)]
pub enum DataError {
    Sequence(ParseError),
    Table(TableError),
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DataError::Sequence(e) => e.fmt(f),
            DataError::Table(e) => e.fmt(f),
        }
    }
}

/// Reads the text as a table when its first line is a header, else as a plain sequence.
pub fn parse_series(text: &str) -> Result<Series, DataError> {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let is_table = match (lines.next(), lines.next()) {
        (Some(first), Some(_)) => is_header(first),
        _ => false,
    };
    if is_table {
        parse_table(text).map_err(DataError::Table)
    } else {
        parse_sequence(text)
            .map(Series::plain)
            .map_err(DataError::Sequence)
    }
}

/// A header has a letter in it and no cell that reads as a number.
fn is_header(line: &str) -> bool {
    let cells = split(line, delimiter(line));
    line.chars().any(char::is_alphabetic)
        && cells
            .iter()
            .all(|c| c.is_empty() || parse_value(c, 1).is_err())
}

/// Tabs, else semicolons, else commas: what the header line separates its names with (outside
/// quotes: a quoted name may hold any of them).
fn delimiter(header: &str) -> char {
    let mut quoted = false;
    let mut seen = [false; 2]; // tab, semicolon
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            '\t' if !quoted => seen[0] = true,
            ';' if !quoted => seen[1] = true,
            _ => {}
        }
    }
    match seen {
        [true, _] => '\t',
        [_, true] => ';',
        _ => ',',
    }
}

/// One line's cells, trimmed, with CSV's double quotes undone (`"a, b"` is one cell, `""` inside
/// quotes is a quote).
fn split(line: &str, delimiter: char) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            c if c == delimiter && !quoted => {
                cells.push(cell.trim().to_string());
                cell.clear();
            }
            c => cell.push(c),
        }
    }
    cells.push(cell.trim().to_string());
    cells
}

/// Reads a table: a header line of names, then one row per line.
pub fn parse_table(text: &str) -> Result<Series, TableError> {
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty());
    let Some((_, header)) = lines.next() else {
        return Err(TableError::NoRows);
    };
    let delimiter = delimiter(header);
    let names = split(header, delimiter);
    let rows: Vec<(usize, Vec<String>)> = lines.map(|(n, l)| (n, split(l, delimiter))).collect();
    let Some((_, first)) = rows.first() else {
        return Err(TableError::NoRows);
    };
    let labelled = names[0].is_empty() || first.first().is_some_and(|c| parse_value(c, 1).is_err());
    let series_from = usize::from(labelled);
    let columns: Vec<String> = names[series_from..].to_vec();
    if let Some(j) = columns.iter().position(|c| c.is_empty()) {
        return Err(TableError::NoName {
            column: j + series_from + 1,
        });
    }
    for (j, name) in columns.iter().enumerate() {
        if columns[..j].iter().any(|c| c.eq_ignore_ascii_case(name)) {
            return Err(TableError::Duplicate { name: name.clone() });
        }
    }
    if columns.is_empty() {
        return Err(TableError::NoSeries);
    }
    if columns.len() > MAX_COLUMNS {
        return Err(TableError::TooManyColumns {
            have: columns.len(),
        });
    }
    if rows.len().saturating_mul(columns.len()) > MAX_VALUES {
        return Err(TableError::TooMany);
    }
    let mut values = Vec::with_capacity(rows.len() * columns.len());
    let mut labels = Vec::new();
    for (line, cells) in &rows {
        if cells.len() != names.len() {
            return Err(TableError::Ragged {
                line: *line,
                have: cells.len(),
                want: names.len(),
            });
        }
        if labelled {
            labels.push(cells[0].clone());
        }
        for (cell, column) in cells[series_from..].iter().zip(&columns) {
            if cell.is_empty() {
                return Err(TableError::Empty {
                    line: *line,
                    column: column.clone(),
                });
            }
            let v = parse_value(cell, 1).map_err(|error| TableError::NotANumber {
                line: *line,
                column: column.clone(),
                error,
            })?;
            values.push(v);
        }
    }
    Ok(Series {
        values,
        columns,
        labels: labelled.then(|| (names[0].clone(), labels)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_sequence_is_one_unnamed_series() {
        let s = parse_series("10, 20, 30").unwrap();
        assert_eq!(s, Series::plain(vec![10.0, 20.0, 30.0]));
        assert_eq!((s.features(), s.rows()), (1, 3));
        assert_eq!(s.to_text(), "10, 20, 30");
        // A word among numbers is still a mistake in a sequence, not a header.
        assert!(matches!(
            parse_series("10, abc, 30"),
            Err(DataError::Sequence(ParseError::NotANumber {
                position: 2,
                ..
            }))
        ));
        assert!(matches!(parse_series("sales"), Err(DataError::Sequence(_))));
    }

    #[test]
    fn tables_with_each_delimiter_labels_and_quotes() {
        let want = Series {
            values: vec![1.0, 10.0, 2.0, 20.0, 3.5, 30.0],
            columns: vec!["lead".into(), "sales".into()],
            labels: None,
        };
        for text in [
            "lead,sales\n1,10\n2,20\n3.5,30\n",
            "lead\tsales\r\n1\t10\r\n2\t20\r\n3.5\t30",
            "lead; sales\n1; 10\n\n2; 20\n3.5; 30",
            "\"lead\",\"sales\"\n1,10\n2,20\n3.5,30",
        ] {
            assert_eq!(parse_series(text).unwrap(), want, "{text:?}");
        }
        let dated = parse_series("month,sales\n2024-01,5\n2024-02,6").unwrap();
        assert_eq!(dated.columns, vec!["sales"]);
        assert_eq!(
            dated.labels,
            Some(("month".into(), vec!["2024-01".into(), "2024-02".into()]))
        );
        // pandas' index column: an empty first name is labels, even when they are numbers.
        let indexed = parse_series(",a,b\n0,1,2\n1,3,4").unwrap();
        assert_eq!(indexed.columns, vec!["a", "b"]);
        assert_eq!(indexed.column(1), vec![2.0, 4.0]);
        assert_eq!(indexed.row(1), &[3.0, 4.0]);
        let named = parse_series("\"sales, total\";x\n1;2").unwrap();
        assert_eq!(named.columns, vec!["sales, total", "x"]);
        // Written back, every table reads again as itself.
        for s in [want, dated, indexed, named] {
            assert_eq!(parse_series(&s.to_text()).unwrap(), s);
        }
    }

    #[test]
    fn bad_tables_name_the_line_and_column() {
        let err = |text: &str| match parse_series(text) {
            Err(DataError::Table(e)) => e.to_string(),
            other => panic!("{text:?}: {other:?}"),
        };
        assert_eq!(
            err("a,b\n1,2\n3"),
            "Line 3 has 1 cell, but the header names 2 columns: every row needs one value per column."
        );
        assert_eq!(
            err("a,b\n1,2\n3,x"),
            "Line 3, column \u{201c}b\u{201d}: \u{201c}x\u{201d} is not a number."
        );
        assert_eq!(
            err("a,b\n1,2\n3,"),
            "Line 3, column \u{201c}b\u{201d} is empty: every row needs every value."
        );
        assert!(err("a,A\n1,2\n3,4").contains("Two columns are called \u{201c}A\u{201d}"));
        assert!(err("a,,c\n1,2,3\n4,5,6").contains("Column 2 of the header has no name"));
        assert!(err("a,b,c,d,e,f,g,h,i\n1,2,3,4,5,6,7,8,9").contains("9 columns of numbers"));
        assert!(err("date\nmonday\ntuesday").contains("no column of numbers"));
        assert!(err("a,b\n1,NaN").contains("not a finite number"));
        // Eight columns and a label column are fine.
        assert_eq!(
            parse_series("t,a,b,c,d,e,f,g,h\nx,1,2,3,4,5,6,7,8")
                .unwrap()
                .features(),
            8
        );
    }
}
