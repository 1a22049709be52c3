//! Notes: the lines of sources that are written, not logged. A program logs
//! from a fixed set of format strings, so its lines fall into templates that
//! repeat; people in an incident channel, a change record, a provider's
//! status feed or a CI job's steps write lines that each say something else.
//! A source whose lines repeat almost no template is read that way: every
//! line is its own item, however rare, because one such line ("the item
//! guids changed", "K-index of 6 expected") can say more than a thousand
//! routine ones, and ranking templates by count would always cut it.

use std::collections::{HashMap, HashSet};

use crate::ingest::mine::TemplateId;
use crate::ingest::SourceIndex;

/// A source of more lines than this is a program's, whatever its variety:
/// a channel or a feed over an incident's hours is tens of lines.
pub const MAX_NOTE_LINES: usize = 200;

/// At most one line in `REPEAT_DENOMINATOR` may repeat an earlier line's
/// template: a handful of bot posts or a job's repeated step in a channel of
/// prose, and no more.
const REPEAT_DENOMINATOR: usize = 5;

/// Per source, its lines and the templates they fell into (bounded: a source
/// past `MAX_NOTE_LINES` stops being counted).
#[derive(Default)]
pub struct SourceVariety {
    per_source: HashMap<SourceIndex, (usize, HashSet<TemplateId>)>,
}

impl SourceVariety {
    pub fn note(&mut self, source: SourceIndex, template: TemplateId) {
        let (lines, templates) = self.per_source.entry(source).or_default();
        *lines += 1;
        if *lines <= MAX_NOTE_LINES {
            templates.insert(template);
        }
    }

    /// The sources whose lines are notes: at most `MAX_NOTE_LINES`, and
    /// almost every one its own template.
    pub fn written(&self) -> HashSet<SourceIndex> {
        self.per_source
            .iter()
            .filter(|(_, (lines, templates))| is_written(*lines, templates.len()))
            .map(|(source, _)| *source)
            .collect()
    }
}

fn is_written(lines: usize, templates: usize) -> bool {
    lines > 0 && lines <= MAX_NOTE_LINES && (lines - templates) * REPEAT_DENOMINATOR <= lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_channel_of_prose_is_written_and_a_program_is_not() {
        // 25 messages, 24 templates: a chat.
        assert!(is_written(25, 24));
        // Four steps of a deploy job, all different.
        assert!(is_written(4, 4));
        // A service's log: 5,000 lines of 40 templates.
        assert!(!is_written(5_000, 40));
        // A small program log: 30 lines of 6 templates.
        assert!(!is_written(30, 6));
        // Prose, but far more of it than an incident's channel.
        assert!(!is_written(MAX_NOTE_LINES + 1, MAX_NOTE_LINES));
        assert!(!is_written(0, 0));
    }

    #[test]
    fn counting_stops_past_the_bound() {
        let mut variety = SourceVariety::default();
        for i in 0..(MAX_NOTE_LINES as u64 + 50) {
            variety.note(1, TemplateId::from(i));
            variety.note(2, TemplateId::from(i % 3));
        }
        for i in 0..10u64 {
            variety.note(3, TemplateId::from(i));
        }
        assert_eq!(variety.written(), HashSet::from([3]));
    }
}
