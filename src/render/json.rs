use crate::finding::Report;
use crate::render::RenderOptions;
use std::io::{self, Write};

pub fn render(_report: &Report, _opts: &RenderOptions, _out: &mut dyn Write) -> io::Result<()> {
    Err(io::Error::other("this output format is not implemented yet"))
}
